/* SPDX-License-Identifier: ISC */
/*
 * Names for bulk sites and the seeded generator behind their spread. The
 * lists are short and common, from the communities a Hampshire college
 * serves, in the script people write their names in: most Latin (some
 * with diacritics, apostrophes, hyphens and spaces), then Arabic, Chinese,
 * Cyrillic, Greek. One in ten learners has a given name from one list and
 * a family name from another, as mixed families do.
 */
#include "bulk_int.h"

#include <stddef.h>

#define N(a) (sizeof (a) / sizeof (a)[0])

static const char *const en_given[] = {
	"Oliver", "Amelia", "Harry", "Isla", "Jack", "Ava", "George", "Mia",
	"Noah", "Grace", "Charlie", "Lily", "Jacob", "Freya", "Thomas", "Emily",
	"Alfie", "Poppy", "Leo", "Sophie", "Joshua", "Ella", "James", "Evie",
	"William", "Chloe", "Ethan", "Ruby", "Daniel", "Holly", "Mary-Jane",
	"Jordan", "Kai", "Ben",
};
static const char *const en_family[] = {
	"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
	"Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White",
	"Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Hughes",
	"Edwards", "Turner", "Hill", "Cooper", "Ward", "Morris", "King", "Baker",
	"Harrison", "Price", "Carter", "Smith-Jones", "Lloyd",
};
static const char *const gael_given[] = {
	"Siobhán", "Aoife", "Niamh", "Ciarán", "Eilidh", "Ruairidh", "Seán",
	"Caoimhe", "Oisín", "Mairead", "Liam",
};
static const char *const gael_family[] = {
	"O'Neill", "O'Brien", "MacLeod", "McDonald", "Ó Súilleabháin", "Murphy",
	"Kelly", "Byrne", "Campbell", "Fraser",
};
static const char *const sa_given[] = {
	"Aisha", "Mohammed", "Priya", "Arjun", "Fatima", "Imran", "Sana", "Ravi",
	"Zainab", "Harpreet", "Amira", "Hassan", "Anjali", "Rohan", "Nadia",
	"Bishnu", "Sita", "Prakash",
};
static const char *const sa_family[] = {
	"Khan", "Patel", "Begum", "Singh", "Ahmed", "Hussain", "Ali", "Sharma",
	"Kaur", "Shah", "Iqbal", "Chowdhury", "Rahman", "Gupta", "Akhtar",
	"Gurung", "Thapa", "Rai",
};
static const char *const ar_given[] = {
	"محمد", "فاطمة", "أحمد", "مريم", "علي", "زينب", "عمر", "ليلى", "يوسف", "نور",
};
static const char *const ar_family[] = {
	"الحسن", "العلي", "حداد", "خليل", "منصور", "ناصر", "سليمان", "عباس",
	"يوسف", "قاسم",
};
static const char *const zh_given[] = {
	"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "洋", "艳", "杰",
};
static const char *const zh_family[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
};
static const char *const cy_given[] = {
	"Олександр", "Анастасія", "Дмитро", "Ольга", "Іван", "Марія", "Сергій",
	"Наталія", "Андрій", "Юлія",
};
static const char *const cy_family[] = {
	"Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Іванов",
	"Петрова", "Смирнов", "Кузнецова", "Попов",
};
static const char *const pl_given[] = {
	"Zofia", "Jakub", "Łucja", "Mikołaj", "Wiktoria", "Kacper", "Zuzanna",
	"Szymon", "Małgorzata", "Bartłomiej", "Ștefan", "Ioana", "Răzvan",
	"João", "Inês", "Lucía",
};
static const char *const pl_family[] = {
	"Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski",
	"Zieliński", "Woźniak", "Dąbrowski", "Popescu", "Ionescu", "Silva",
	"Santos", "Ferreira", "García", "Rodríguez",
};
static const char *const af_given[] = {
	"Chidi", "Ngozi", "Kwame", "Amara", "Tendai", "Abebe", "Dawit",
	"Ayodele", "Folake", "Kofi",
};
static const char *const af_family[] = {
	"Okafor", "Mensah", "Bekele", "Adeyemi", "Osei", "Mwangi", "Nkosi",
	"Okonkwo", "Haile", "Boateng",
};
static const char *const el_given[] = {
	"Γιώργος", "Μαρία", "Νίκος", "Ελένη", "Δημήτρης",
};
static const char *const el_family[] = {
	"Παπαδόπουλος", "Γεωργίου", "Οικονόμου", "Νικολάου", "Παππάς",
};
static const char *const vi_given[] = {
	"Minh", "Linh", "Huy", "Thảo", "Anh",
};
static const char *const vi_family[] = {
	"Nguyễn", "Trần", "Lê", "Phạm",
};

struct name_list {
	const char *const *given, *const *family;
	size_t ngiven, nfamily;
	unsigned weight;	/* out of the sum of weights */
};

static const struct name_list lists[] = {
	{ en_given, en_family, N(en_given), N(en_family), 52 },
	{ gael_given, gael_family, N(gael_given), N(gael_family), 6 },
	{ sa_given, sa_family, N(sa_given), N(sa_family), 12 },
	{ ar_given, ar_family, N(ar_given), N(ar_family), 4 },
	{ zh_given, zh_family, N(zh_given), N(zh_family), 4 },
	{ cy_given, cy_family, N(cy_given), N(cy_family), 5 },
	{ pl_given, pl_family, N(pl_given), N(pl_family), 8 },
	{ af_given, af_family, N(af_given), N(af_family), 5 },
	{ el_given, el_family, N(el_given), N(el_family), 2 },
	{ vi_given, vi_family, N(vi_given), N(vi_family), 2 },
};

uint64_t
bulk_rng_next(struct bulk_rng *r)
{
	uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

uint32_t
bulk_rng_below(struct bulk_rng *r, uint32_t n)
{
	return (uint32_t)(((bulk_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

bool
bulk_rng_percent(struct bulk_rng *r, unsigned percent)
{
	return bulk_rng_below(r, 100) < percent;
}

static const struct name_list *
pick_list(struct bulk_rng *r)
{
	unsigned total = 0, x;
	size_t i;

	for (i = 0; i < N(lists); i++)
		total += lists[i].weight;
	x = bulk_rng_below(r, total);
	for (i = 0; i < N(lists) - 1; i++) {
		if (x < lists[i].weight)
			break;
		x -= lists[i].weight;
	}
	return &lists[i];
}

void
bulk_name(struct bulk_rng *r, const char **given, const char **family)
{
	const struct name_list *a = pick_list(r), *b = a;

	if (bulk_rng_percent(r, 10))
		b = pick_list(r);
	*given = a->given[bulk_rng_below(r, (uint32_t)a->ngiven)];
	*family = b->family[bulk_rng_below(r, (uint32_t)b->nfamily)];
}
