"""Other spellings of one name: nicknames and transliteration variants.

A nickname is informal (Bill for William) and never appears on a passport. A transliteration
variant is another accepted romanization (Mohammed, Muhammad, Mohamed) that any agency may use.
"""

from __future__ import annotations

_NICKNAMES_TEXT = """
William: Bill, Will, Billy
Robert: Bob, Rob, Bobby
Elizabeth: Liz, Beth, Betty
James: Jim, Jimmy
John: Johnny, Jack
Michael: Mike
Richard: Rick, Rich
Joseph: Joe, Joey
Thomas: Tom, Tommy
Charles: Charlie, Chuck
Christopher: Chris
Daniel: Dan, Danny
Matthew: Matt
Anthony: Tony
Steven: Steve
Andrew: Andy, Drew
Joshua: Josh
Kenneth: Ken, Kenny
Timothy: Tim
Ronald: Ron, Ronnie
Edward: Ed, Eddie, Ted
Jeffrey: Jeff
Nicholas: Nick
Benjamin: Ben
Samuel: Sam
Patrick: Pat
Alexander: Alex
Jacob: Jake
David: Dave
Margaret: Maggie, Peggy, Meg
Patricia: Pat, Patty, Trish
Jennifer: Jen, Jenny
Susan: Sue, Susie
Jessica: Jess
Katherine: Kate, Kathy, Katie
Catherine: Cathy, Kate
Deborah: Debbie, Deb
Rebecca: Becky
Kimberly: Kim
Stephanie: Steph
Christine: Chris, Christy
Samantha: Sam
Victoria: Vicky
Abigail: Abby
Jacqueline: Jackie
Alexandra: Alex
Barbara: Barb
Sandra: Sandy
José: Pepe
Francisco: Paco, Pancho
Guadalupe: Lupe
Jesús: Chuy
Alejandro: Alex
Antonio: Toño, Tony
Manuel: Manolo
Ignacio: Nacho
Enrique: Kike
Roberto: Beto
Alberto: Beto
Eduardo: Lalo
Guillermo: Memo
Fernando: Nando
Rafael: Rafa
Dolores: Lola
Rosario: Charo
Teresa: Tere
Beatriz: Bea
Alejandra: Ale
Gabriela: Gaby
Verónica: Vero
María: Mari
Mohammed: Mo
Rajesh: Raj
Venkatesh: Venky
Oleksandr: Sasha
Ekaterina: Katya
Dmytro: Dima
Vladimir: Volodya
Mikhail: Misha
Reynaldo: Rey
Rolando: Roly
Oluwaseun: Seun
Babatunde: Tunde
Chukwuemeka: Emeka
"""

# Each group lists accepted spellings of one name; the first is the one people are generated with.
_TRANSLITERATIONS_TEXT = """
Mohammed, Muhammad, Mohamed, Mohammad, Mohamad
Ahmed, Ahmad
Youssef, Yusuf, Yousef, Youssif
Hussein, Husain, Hussain, Hossein
Hassan, Hasan
Khaled, Khalid
Mahmoud, Mahmud
Mustafa, Mustapha, Moustafa
Omar, Umar
Abdullah, Abdallah
Fatima, Fatma, Fatemah
Aisha, Aysha, Aicha
Mariam, Maryam
Layla, Leila, Laila
Nour, Noor
Zainab, Zeinab
Yasmin, Yasmine
Yasser, Yasir
Tariq, Tarek, Tarik
Suleiman, Sulaiman, Soliman
Qasim, Kassem, Qassim
Abdel-Rahman, Abdelrahman, Abdul Rahman
El-Sayed, Elsayed, El Sayed
Al-Masri, Almasri, Al Masri
Chen, Chan
Zhang, Chang, Cheung
Wang, Wong
Li, Lee
Huang, Hwang
Zhou, Chou, Chow
Liu, Lau
Xu, Hsu
Zheng, Cheng
Lin, Lam
Guo, Kuo
Zhao, Chao
Xie, Hsieh
Xiuying, Xiu Ying, Xiu-Ying
Zhiwei, Zhi Wei, Chih-Wei
Jianguo, Jian Guo, Chien-Kuo
Shufen, Shu Fen, Shu-Fen
Xiaoling, Xiao Ling, Hsiao-Ling
Park, Pak, Bak
Choi, Choe
Jung, Chung, Jeong
Lim, Im
Shin, Sin
Kang, Gang
Cho, Jo
Min-jun, Minjun, Min Jun
Seo-jun, Seojun, Seo Jun
Ji-hoon, Jihoon, Ji Hoon
Hyun-woo, Hyunwoo, Hyun Woo
Ji-yeon, Jiyeon, Ji Yeon
Seo-yeon, Seoyeon, Seo Yeon
Soo-jin, Soojin, Su-jin
Lakshmi, Laxmi
Srinivasan, Shrinivasan
Venkataraman, Venkatraman
Banerjee, Banerji
Mukherjee, Mukerji
Pooja, Puja
Geeta, Gita
Deepak, Dipak
Sunita, Suneeta
Mirlande, Myrlande
Guerline, Gerline
Ketly, Ketlie
Vásquez, Vázquez
Jiménez, Giménez
Ximena, Jimena
Dela Cruz, De La Cruz, Delacruz
De Leon, Deleon
Souza, Sousa
Luiz, Luis
Sergei, Sergey, Serhiy
Oleksandr, Aleksandr, Olexander
Yuri, Yury, Iurii
Mykola, Nikolai, Mikola
Andriy, Andrii, Andrei
Dmytro, Dmitri, Dmitry
Tetiana, Tatiana, Tatyana
Natalia, Nataliya, Natalya
Yulia, Yuliya, Iuliia
Ekaterina, Yekaterina, Katerina
Svetlana, Svitlana
Melnyk, Melnik
Catherine, Kathryn
Steven, Stephen
Sarah, Sara
O'Brien, OBrien, O Brien
O'Connor, OConnor, O Connor
"""


def _nicknames() -> dict[str, tuple[str, ...]]:
    table = {}
    for line in _NICKNAMES_TEXT.strip().splitlines():
        name, _, rest = line.partition(":")
        table[name.strip()] = tuple(part.strip() for part in rest.split(","))
    return table


def _transliterations() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in _TRANSLITERATIONS_TEXT.strip().splitlines():
        group = tuple(part.strip() for part in line.split(","))
        for name in group:
            table[name] = group
    return table


NICKNAMES: dict[str, tuple[str, ...]] = _nicknames()
TRANSLITERATIONS: dict[str, tuple[str, ...]] = _transliterations()
