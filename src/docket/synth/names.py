"""Embedded name lists, by origin, in their usual spelling (accents kept).

Each list is ordered roughly by frequency: the first names are drawn more often (see ``people``).
Origins only steer which names, passport countries and spellings go together; they are never written
to a record.
"""

from __future__ import annotations


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


GIVEN_MALE: dict[str, tuple[str, ...]] = {
    "hispanic": _split(
        "José, Juan, Luis, Carlos, Jesús, Miguel, Francisco, Antonio, Alejandro, Manuel, Pedro, Jorge,"
        " Javier, Ricardo, Rafael, Fernando, Roberto, Eduardo, Sergio, Mario, Raúl, Óscar, Andrés,"
        " Héctor, Ángel, Diego, Guillermo, Ramón, Arturo, Enrique, Ignacio, Alberto"
    ),
    "anglo": _split(
        "James, John, Robert, Michael, William, David, Richard, Joseph, Thomas, Charles, Christopher,"
        " Daniel, Matthew, Anthony, Mark, Steven, Paul, Andrew, Joshua, Kenneth, Kevin, Brian, George,"
        " Timothy, Ronald, Edward, Jason, Jeffrey, Ryan, Jacob, Nicholas, Benjamin, Samuel, Patrick,"
        " Alexander"
    ),
    "chinese": _split(
        "Wei, Jun, Hao, Lei, Jian, Ming, Yong, Tao, Qiang, Jie, Chao, Bin, Gang, Hui, Peng, Xin, Yang,"
        " Long, Feng, Zhiwei, Jianguo, Haoran, Yuxuan, Zihao"
    ),
    "vietnamese": _split(
        "Minh, Anh, Hùng, Dũng, Tuấn, Nam, Hải, Long, Quang, Thành, Phúc, Khoa, Duy, Bảo, Huy, Trung,"
        " Hiếu, Việt, Sơn, Tâm"
    ),
    "arabic": _split(
        "Mohammed, Ahmed, Ali, Omar, Mahmoud, Youssef, Khaled, Hassan, Hussein, Ibrahim, Abdullah,"
        " Mustafa, Karim, Tariq, Samir, Walid, Nabil, Faisal, Hamza, Bilal, Rami, Ziad, Adel, Yasser, Amr"
    ),
    "indian": _split(
        "Raj, Rahul, Amit, Arjun, Vikram, Sanjay, Rajesh, Suresh, Anil, Ravi, Deepak, Manoj, Ajay, Vijay,"
        " Sunil, Rohit, Arun, Karthik, Nikhil, Pradeep, Aditya, Harpreet, Gurpreet, Venkatesh"
    ),
    "haitian": _split(
        "Jean, Pierre, Jean-Claude, Wilner, Frantz, Ricardo, Jacques, Emmanuel, Fritz, Roody, Jonas,"
        " Wilson, Stanley, Lesly, Réginald, Ronald, Marc-Arthur, Jean-Robert, Evens, Widler, Dieuseul"
    ),
    "filipino": _split(
        "Jose, Mark, John Paul, Rodrigo, Jun, Reynaldo, Rolando, Romeo, Ferdinand, Dante, Arnel, Jomar,"
        " Joel, Noel, Ramil"
    ),
    "korean": _split(
        "Min-jun, Seo-jun, Ji-hoon, Hyun-woo, Jae-won, Dong-hyun, Sung-min, Young-ho, Jung-ho, Sang-woo"
    ),
    "nigerian": _split(
        "Chinedu, Emeka, Oluwaseun, Babatunde, Chukwuemeka, Ifeanyi, Adebayo, Olumide, Obinna, Tunde,"
        " Uche, Segun"
    ),
    "slavic": _split(
        "Oleksandr, Andriy, Dmytro, Sergei, Ivan, Mykola, Vladimir, Yuri, Piotr, Tomasz, Pavel, Mikhail"
    ),
    "brazilian": _split("João, Paulo, Thiago, Lucas, Gustavo, Marcelo, Rodrigo, Leandro, Fábio, Luiz"),
}

GIVEN_FEMALE: dict[str, tuple[str, ...]] = {
    "hispanic": _split(
        "María, Guadalupe, Ana, Rosa, Carmen, Sofía, Lucía, Isabel, Juana, Margarita, Verónica, Elena,"
        " Patricia, Gabriela, Alejandra, Adriana, Daniela, Mónica, Claudia, Leticia, Beatriz, Teresa,"
        " Yolanda, Marisol, Inés, Julia, Silvia, Paola, Valentina, Ximena, Dolores, Rosario"
    ),
    "anglo": _split(
        "Mary, Patricia, Jennifer, Linda, Elizabeth, Barbara, Susan, Jessica, Sarah, Karen, Lisa, Nancy,"
        " Margaret, Sandra, Ashley, Emily, Donna, Michelle, Kimberly, Deborah, Stephanie, Rebecca, Laura,"
        " Katherine, Christine, Samantha, Victoria, Catherine, Abigail, Jacqueline, Alexandra, Rachel"
    ),
    "chinese": _split(
        "Fang, Li, Na, Xiuying, Jing, Ying, Yan, Xiaoling, Mei, Hong, Lan, Yun, Juan, Xia, Ting, Qian,"
        " Xue, Lihua, Yuxin, Zixuan, Shufen"
    ),
    "vietnamese": _split(
        "Lan, Linh, Hương, Thảo, Trang, Ngọc, Mai, Hoa, Hạnh, Nhung, Phương, Thủy, Hằng, Vy, Quỳnh, Yến,"
        " Loan, Thu"
    ),
    "arabic": _split(
        "Fatima, Aisha, Mariam, Nour, Layla, Huda, Amira, Rania, Salma, Yasmin, Hana, Zainab, Dina, Rana,"
        " Noura, Samira, Lina, Reem, Souad, Iman"
    ),
    "indian": _split(
        "Priya, Anjali, Sunita, Pooja, Neha, Kavita, Deepa, Lakshmi, Meena, Divya, Swati, Anita, Rekha,"
        " Shreya, Aishwarya, Padma, Simran, Nisha, Geeta, Kiran"
    ),
    "haitian": _split(
        "Marie, Rose, Nadège, Guerline, Ketly, Fabiola, Rose-Marie, Mirlande, Jocelyne, Nathalie, Darline,"
        " Sabine, Yolande, Marie-Claire, Lourdes, Esther, Myrlande, Wideline"
    ),
    "filipino": _split(
        "Maria, Mary Grace, Rosalie, Marites, Maricel, Jocelyn, Lorna, Analyn, Jennylyn, Cristina, Rowena,"
        " Liza, Girlie"
    ),
    "korean": _split(
        "Ji-yeon, Seo-yeon, Min-ji, Eun-ji, Soo-jin, Hye-jin, Ji-won, Yoon-ah, Mi-young, Hae-won"
    ),
    "nigerian": _split(
        "Ngozi, Chiamaka, Adaeze, Folasade, Funmilayo, Oluwakemi, Blessing, Chioma, Nneka, Yetunde,"
        " Bukola, Amaka"
    ),
    "slavic": _split(
        "Olena, Natalia, Tetiana, Svetlana, Irina, Oksana, Anna, Katarzyna, Yulia, Ekaterina, Agnieszka"
    ),
    "brazilian": _split("Ana Paula, Juliana, Fernanda, Camila, Luciana, Conceição, Letícia, Beatriz"),
}

FAMILY: dict[str, tuple[str, ...]] = {
    "hispanic": _split(
        "García, Hernández, Martínez, López, González, Rodríguez, Pérez, Sánchez, Ramírez, Flores, Gómez,"
        " Torres, Díaz, Vásquez, Cruz, Morales, Reyes, Gutiérrez, Ortiz, Chávez, Ramos, Ruiz, Mendoza,"
        " Álvarez, Castillo, Jiménez, Moreno, Romero, Herrera, Medina, Aguilar, Vargas, Castro, Guzmán,"
        " Fernández, Rojas, Núñez, Salazar, Delgado, Peña"
    ),
    "anglo": _split(
        "Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor, Thomas, Moore,"
        " Jackson, Martin, Lee, Thompson, White, Harris, Clark, Lewis, Robinson, Walker, Young, Allen,"
        " King, Wright, Scott, Hill, Green, Adams, Baker, Nelson, Carter, Mitchell, Roberts, Turner,"
        " Phillips, Campbell, Parker, Evans, Edwards, Collins, Stewart, Morris, Murphy, Cook, Rogers,"
        " Morgan, Cooper, Peterson, O'Brien, O'Connor"
    ),
    "chinese": _split(
        "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo, He, Lin,"
        " Luo, Gao, Zheng, Liang, Xie, Tang, Han, Feng, Deng, Cao, Peng, Zeng"
    ),
    "vietnamese": _split(
        "Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý, Trương,"
        " Đinh, Lâm, Mai"
    ),
    "arabic": _split(
        "Ali, Hassan, Hussein, Mohamed, Ahmed, Ibrahim, Abdullah, Khalil, Saleh, Haddad, Nasser, Mansour,"
        " Aziz, Hamdan, Khoury, Saad, Farouk, Suleiman, El-Sayed, Abdel-Rahman, Al-Masri, Qasim, Darwish,"
        " Awad, Jaber, Shalabi, Odeh, Barakat, Yassin, Zaki"
    ),
    "indian": _split(
        "Patel, Shah, Singh, Kumar, Sharma, Gupta, Reddy, Rao, Iyer, Desai, Mehta, Joshi, Nair, Pillai,"
        " Agarwal, Chopra, Kapoor, Malhotra, Banerjee, Chatterjee, Mukherjee, Das, Krishnan, Venkataraman,"
        " Srinivasan, Bhatt, Kaur, Gill, Sandhu, Menon"
    ),
    "haitian": _split(
        "Joseph, Jean-Baptiste, Pierre, Jean, Louis, Charles, Saint-Louis, Pierre-Louis, Étienne, Désir,"
        " François, Alexis, Baptiste, Célestin, Dorvil, Hyppolite, Jean-Louis, Michel, Noël, Augustin,"
        " Toussaint, Fils-Aimé, Cadet, Dorcelus, Exantus"
    ),
    "filipino": _split(
        "Santos, Reyes, Cruz, Bautista, Ocampo, Garcia, Mendoza, Villanueva, Dela Cruz, De Leon, Aquino,"
        " Castillo, Ramos, Tolentino, Manalo, Pascual, Soriano, Mercado"
    ),
    "korean": _split("Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Oh, Shin, Seo, Kwon"),
    "nigerian": _split(
        "Okafor, Okonkwo, Adeyemi, Oladipo, Eze, Nwosu, Obi, Balogun, Ogunleye, Chukwu, Adebayo, Okoro,"
        " Afolabi, Olawale, Ibekwe"
    ),
    "slavic": _split(
        "Kovalenko, Shevchenko, Bondarenko, Tkachenko, Kravchenko, Ivanov, Petrov, Smirnov, Kowalski,"
        " Nowak, Wiśniewski, Wójcik, Melnyk, Boyko, Popov"
    ),
    "brazilian": _split(
        "Silva, Santos, Oliveira, Souza, Pereira, Costa, Rodrigues, Almeida, Gonçalves, Araújo, Ferreira,"
        " Carvalho"
    ),
}

# Vietnamese middle names by sex; other origins draw a middle name from their own given names.
VIETNAMESE_MIDDLE = {"M": _split("Văn, Đức, Minh, Quốc, Hữu"), "F": _split("Thị, Ngọc, Thanh, Kim")}

# Origins written family name first at home: records from them swap name order more often.
FAMILY_FIRST_ORIGINS = frozenset({"chinese", "vietnamese", "korean"})

# Origins whose family names are often two surnames (paternal then maternal).
COMPOUND_ORIGINS = frozenset({"hispanic", "brazilian"})

# Very common full names (given, family, sex, origin): many different people share them.
COMMON_FULL_NAMES: tuple[tuple[str, str, str, str], ...] = (
    ("María", "García", "F", "hispanic"),
    ("José", "Hernández", "M", "hispanic"),
    ("Juan", "Rodríguez", "M", "hispanic"),
    ("Ana", "Martínez", "F", "hispanic"),
    ("Luis", "González", "M", "hispanic"),
    ("John", "Smith", "M", "anglo"),
    ("Michael", "Johnson", "M", "anglo"),
    ("Mary", "Williams", "F", "anglo"),
    ("Wei", "Zhang", "M", "chinese"),
    ("Wei", "Chen", "M", "chinese"),
    ("Fang", "Wang", "F", "chinese"),
    ("Minh", "Nguyễn", "M", "vietnamese"),
    ("Lan", "Nguyễn", "F", "vietnamese"),
    ("Mohammed", "Ali", "M", "arabic"),
    ("Ahmed", "Hassan", "M", "arabic"),
    ("Priya", "Patel", "F", "indian"),
    ("Raj", "Patel", "M", "indian"),
    ("Jean", "Joseph", "M", "haitian"),
    ("Marie", "Pierre", "F", "haitian"),
)
