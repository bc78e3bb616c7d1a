/*
 * author_words.c: the words of the templates (author_template.c), in each
 * language they are written in: what a field is for, and the few words that
 * state its limits. The limits themselves come from the field tables and
 * the vocabularies, never from here. A field a language lacks is explained
 * in English (tests/test_author.c checks that none lacks one).
 */
#include "author-int.h"

#include <string.h>

/* clang-format off */
static const struct svk__author_text en[] = {
    {"id", "A short name for it, never changed: 1 to 64 of a-z, 0-9 and '-' (not first or last)."},
    {"lang", "The language the texts are written in: a BCP 47 tag such as da, sv, fi, el, it or en-GB."},
    {"title", "The title, as the partners will see it in their lists."},
    {"summary", "What the practice is and does, in a few sentences."},
    {"challenge", "The problem it answers."},
    {"areas", "The policy areas it belongs to."},
    {"target_groups", "Whom it is for, one group per item."},
    {"core_elements", "What must be kept for it to work, one element per item."},
    {"flexible_elements", "What may be changed to fit elsewhere, one element per item."},
    {"partners", "Who takes part."},
    {"partners.name", "The partner's name."},
    {"partners.sector", "Its sector: public, private, voluntary ..."},
    {"partners.role", "What it does in the practice."},
    {"results", "What it has achieved, with figures where there are any."},
    {"resources", "What it takes: people, money, premises."},
    {"started", "When it started: 2011, 2011-05 or 2011-05-31."},
    {"tags", "Free keywords that help partners find it."},
    {"translations", "The title and texts in other languages."},
    {"description", "What is needed, and for whom."},
    {"skills", "The skills a volunteer or partner should bring, one per item."},
    {"urgency", "How urgent it is."},
    {"status", "open until the need is met, then closed."},
    {"answered_by", "The practice that met it, as ORIGIN/PRACTICE-ID (only when closed)."},
    {NULL, NULL},
};

static const struct svk__author_text da[] = {
    {"id", "Et kort navn, som aldrig ændres: 1 til 64 tegn af a-z, 0-9 og '-' (ikke først eller sidst)."},
    {"lang", "Sproget, teksterne er skrevet på: et BCP 47-sprogmærke som da, sv, fi, el, it eller en-GB."},
    {"title", "Titlen, som partnerne ser den i deres lister."},
    {"summary", "Hvad praksissen er og gør, med få sætninger."},
    {"challenge", "Det problem, den løser."},
    {"areas", "De politikområder, den hører under."},
    {"target_groups", "Hvem den er for, én gruppe pr. punkt."},
    {"core_elements", "Det, der skal bevares, for at den virker, ét element pr. punkt."},
    {"flexible_elements", "Det, der kan tilpasses andre steder, ét element pr. punkt."},
    {"partners", "Hvem der deltager."},
    {"partners.name", "Partnerens navn."},
    {"partners.sector", "Dens sektor: offentlig, privat, frivillig ..."},
    {"partners.role", "Hvad den gør i praksissen."},
    {"results", "Hvad den har opnået, gerne med tal."},
    {"resources", "Hvad den kræver: folk, penge, lokaler."},
    {"started", "Hvornår den begyndte: 2011, 2011-05 eller 2011-05-31."},
    {"tags", "Frie nøgleord, der hjælper partnerne med at finde den."},
    {"translations", "Titel og tekster på andre sprog."},
    {"description", "Hvad der er brug for, og til hvem."},
    {"skills", "De færdigheder, en frivillig eller partner bør have, én pr. punkt."},
    {"urgency", "Hvor hastende behovet er."},
    {"status", "open, indtil behovet er dækket, derefter closed."},
    {"answered_by", "Den praksis, der dækkede behovet, som ORIGIN/PRACTICE-ID (kun når closed)."},
    {NULL, NULL},
};

static const struct svk__author_text sv[] = {
    {"id", "Ett kort namn som aldrig ändras: 1 till 64 tecken av a-z, 0-9 och '-' (inte först eller sist)."},
    {"lang", "Språket som texterna är skrivna på: en BCP 47-språkkod som da, sv, fi, el, it eller en-GB."},
    {"title", "Titeln, som partnerna ser den i sina listor."},
    {"summary", "Vad arbetssättet är och gör, med några meningar."},
    {"challenge", "Problemet som det löser."},
    {"areas", "De politikområden det hör till."},
    {"target_groups", "Vilka det är till för, en grupp per post."},
    {"core_elements", "Det som måste behållas för att det ska fungera, ett element per post."},
    {"flexible_elements", "Det som kan ändras för att passa på andra håll, ett element per post."},
    {"partners", "Vilka som deltar."},
    {"partners.name", "Partnerns namn."},
    {"partners.sector", "Dess sektor: offentlig, privat, ideell ..."},
    {"partners.role", "Vad den gör i arbetet."},
    {"results", "Vad det har uppnått, gärna med siffror."},
    {"resources", "Vad det kräver: personer, pengar, lokaler."},
    {"started", "När det började: 2011, 2011-05 eller 2011-05-31."},
    {"tags", "Fria nyckelord som hjälper partnerna att hitta det."},
    {"translations", "Titel och texter på andra språk."},
    {"description", "Vad som behövs, och för vem."},
    {"skills", "De färdigheter en volontär eller partner bör ha, en per post."},
    {"urgency", "Hur brådskande behovet är."},
    {"status", "open tills behovet är tillgodosett, sedan closed."},
    {"answered_by", "Arbetssättet som tillgodosåg behovet, som ORIGIN/PRACTICE-ID (bara när closed)."},
    {NULL, NULL},
};

static const struct svk__author_text fi[] = {
    {"id", "Lyhyt nimi, jota ei koskaan muuteta: 1–64 merkkiä a-z, 0-9 ja '-' (ei ensimmäisenä eikä viimeisenä)."},
    {"lang", "Tekstien kieli: BCP 47 -kielikoodi, kuten da, sv, fi, el, it tai en-GB."},
    {"title", "Otsikko, jonka kumppanit näkevät luetteloissaan."},
    {"summary", "Mitä toimintamalli on ja mitä se tekee, muutamalla lauseella."},
    {"challenge", "Ongelma, johon se vastaa."},
    {"areas", "Politiikan alat, joihin se kuuluu."},
    {"target_groups", "Kenelle se on tarkoitettu, yksi ryhmä kohtaa kohden."},
    {"core_elements", "Mitä on säilytettävä, jotta se toimii, yksi osa kohtaa kohden."},
    {"flexible_elements", "Mitä voi muuttaa muualle sopivaksi, yksi osa kohtaa kohden."},
    {"partners", "Ketkä ovat mukana."},
    {"partners.name", "Kumppanin nimi."},
    {"partners.sector", "Sen sektori: julkinen, yksityinen, kolmas sektori ..."},
    {"partners.role", "Mitä se tekee toimintamallissa."},
    {"results", "Mitä sillä on saavutettu, mieluiten lukuina."},
    {"resources", "Mitä se vaatii: ihmisiä, rahaa, tiloja."},
    {"started", "Milloin se alkoi: 2011, 2011-05 tai 2011-05-31."},
    {"tags", "Vapaita hakusanoja, jotka auttavat kumppaneita löytämään sen."},
    {"translations", "Otsikko ja tekstit muilla kielillä."},
    {"description", "Mitä tarvitaan ja kenelle."},
    {"skills", "Taidot, jotka vapaaehtoisella tai kumppanilla pitäisi olla, yksi kohtaa kohden."},
    {"urgency", "Kuinka kiireellinen tarve on."},
    {"status", "open, kunnes tarve on täytetty, sitten closed."},
    {"answered_by", "Toimintamalli, joka täytti tarpeen, muodossa ORIGIN/PRACTICE-ID (vain kun closed)."},
    {NULL, NULL},
};

static const struct svk__author_text el[] = {
    {"id", "Ένα σύντομο όνομα που δεν αλλάζει ποτέ: 1 έως 64 χαρακτήρες από a-z, 0-9 και '-' (όχι πρώτος ή τελευταίος)."},
    {"lang", "Η γλώσσα των κειμένων: κωδικός BCP 47, όπως da, sv, fi, el, it ή en-GB."},
    {"title", "Ο τίτλος, όπως θα τον βλέπουν οι εταίροι στους καταλόγους τους."},
    {"summary", "Τι είναι και τι κάνει η πρακτική, σε λίγες προτάσεις."},
    {"challenge", "Το πρόβλημα στο οποίο απαντά."},
    {"areas", "Οι τομείς πολιτικής στους οποίους ανήκει."},
    {"target_groups", "Σε ποιους απευθύνεται, μία ομάδα ανά στοιχείο."},
    {"core_elements", "Ό,τι πρέπει να διατηρηθεί για να λειτουργεί, ένα ανά στοιχείο."},
    {"flexible_elements", "Ό,τι μπορεί να προσαρμοστεί αλλού, ένα ανά στοιχείο."},
    {"partners", "Ποιοι συμμετέχουν."},
    {"partners.name", "Το όνομα του εταίρου."},
    {"partners.sector", "Ο τομέας του: δημόσιος, ιδιωτικός, εθελοντικός ..."},
    {"partners.role", "Τι κάνει στην πρακτική."},
    {"results", "Τι έχει πετύχει, με αριθμούς όπου υπάρχουν."},
    {"resources", "Τι απαιτεί: ανθρώπους, χρήματα, χώρους."},
    {"started", "Πότε ξεκίνησε: 2011, 2011-05 ή 2011-05-31."},
    {"tags", "Ελεύθερες λέξεις-κλειδιά που βοηθούν τους εταίρους να τη βρουν."},
    {"translations", "Ο τίτλος και τα κείμενα σε άλλες γλώσσες."},
    {"description", "Τι χρειάζεται και για ποιους."},
    {"skills", "Οι δεξιότητες που πρέπει να έχει ένας εθελοντής ή εταίρος, μία ανά στοιχείο."},
    {"urgency", "Πόσο επείγει."},
    {"status", "open μέχρι να καλυφθεί η ανάγκη, μετά closed."},
    {"answered_by", "Η πρακτική που την κάλυψε, ως ORIGIN/PRACTICE-ID (μόνο όταν είναι closed)."},
    {NULL, NULL},
};

static const struct svk__author_text it[] = {
    {"id", "Un nome breve che non cambia mai: da 1 a 64 caratteri tra a-z, 0-9 e '-' (non all'inizio né alla fine)."},
    {"lang", "La lingua in cui sono scritti i testi: un codice BCP 47 come da, sv, fi, el, it o en-GB."},
    {"title", "Il titolo, come lo vedranno i partner nei loro elenchi."},
    {"summary", "Che cos'è e che cosa fa la pratica, in poche frasi."},
    {"challenge", "Il problema a cui risponde."},
    {"areas", "Gli ambiti di intervento a cui appartiene."},
    {"target_groups", "A chi si rivolge, un gruppo per voce."},
    {"core_elements", "Ciò che va mantenuto perché funzioni, un elemento per voce."},
    {"flexible_elements", "Ciò che si può adattare altrove, un elemento per voce."},
    {"partners", "Chi partecipa."},
    {"partners.name", "Il nome del partner."},
    {"partners.sector", "Il suo settore: pubblico, privato, terzo settore ..."},
    {"partners.role", "Che cosa fa nella pratica."},
    {"results", "Che cosa ha ottenuto, con dati dove ci sono."},
    {"resources", "Che cosa richiede: persone, denaro, spazi."},
    {"started", "Quando è iniziata: 2011, 2011-05 o 2011-05-31."},
    {"tags", "Parole chiave libere che aiutano i partner a trovarla."},
    {"translations", "Il titolo e i testi in altre lingue."},
    {"description", "Che cosa serve, e per chi."},
    {"skills", "Le competenze che un volontario o un partner dovrebbe avere, una per voce."},
    {"urgency", "Quanto è urgente."},
    {"status", "open finché il bisogno non è soddisfatto, poi closed."},
    {"answered_by", "La pratica che lo ha soddisfatto, come ORIGIN/PRACTICE-ID (solo se closed)."},
    {NULL, NULL},
};

const struct svk__author_words svk__author_words[] = {
    {"en", "practice", "need",
	"Samverk: %s. Fill in the values, then publish it: samverk %s add FILE",
	"Lines from // on are comments and are passed over. A value left \"\" or",
	"[] is left out; a required one must be filled in.",
	"required", "optional", "at most %zu bytes", "at most %zu items",
	"each at most %zu bytes", "each one of:", "one of:", "each an object:", en},
    {"da", "praksis", "behov",
	"Samverk: %s. Udfyld værdierne, og offentliggør den: samverk %s add FIL",
	"Linjer fra // er kommentarer og springes over. En værdi, der står som",
	"\"\" eller [], udelades; en påkrævet værdi skal udfyldes.",
	"påkrævet", "valgfri", "højst %zu bytes", "højst %zu punkter",
	"hvert højst %zu bytes", "hvert et af:", "et af:", "hvert et objekt:", da},
    {"sv", "arbetssätt", "behov",
	"Samverk: %s. Fyll i värdena och publicera: samverk %s add FIL",
	"Rader från // är kommentarer och hoppas över. Ett värde som står som",
	"\"\" eller [] utelämnas; ett obligatoriskt värde måste fyllas i.",
	"obligatoriskt", "valfritt", "högst %zu byte", "högst %zu poster",
	"var och en högst %zu byte", "var och en ett av:", "ett av:",
	"var och en ett objekt:", sv},
    {"fi", "toimintamalli", "tarve",
	"Samverk: %s. Täytä arvot ja julkaise: samverk %s add TIEDOSTO",
	"Rivit //-merkeistä alkaen ovat kommentteja, ja ne ohitetaan. Arvo \"\" tai",
	"[] jätetään pois; pakollinen arvo on täytettävä.",
	"pakollinen", "vapaaehtoinen", "enintään %zu tavua", "enintään %zu kohtaa",
	"kukin enintään %zu tavua", "kukin yksi näistä:", "yksi näistä:",
	"kukin objekti:", fi},
    {"el", "πρακτική", "ανάγκη",
	"Samverk: %s. Συμπληρώστε τις τιμές και δημοσιεύστε: samverk %s add ΑΡΧΕΙΟ",
	"Οι γραμμές από // και μετά είναι σχόλια και παραλείπονται. Μια τιμή \"\"",
	"ή [] παραλείπεται· μια υποχρεωτική τιμή πρέπει να συμπληρωθεί.",
	"υποχρεωτικό", "προαιρετικό", "έως %zu byte", "έως %zu στοιχεία",
	"το καθένα έως %zu byte", "το καθένα ένα από:", "ένα από:",
	"το καθένα αντικείμενο:", el},
    {"it", "pratica", "bisogno",
	"Samverk: %s. Compilate i valori e pubblicate: samverk %s add FILE",
	"Le righe da // in poi sono commenti e vengono ignorate. Un valore lasciato",
	"\"\" o [] è omesso; un valore obbligatorio va compilato.",
	"obbligatorio", "facoltativo", "al massimo %zu byte", "al massimo %zu voci",
	"ognuna al massimo %zu byte", "ognuna tra:", "uno tra:",
	"ognuna un oggetto:", it},
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};
/* clang-format on */

const struct svk__author_words *
svk__author_words_find(const char *lang)
{
	for (size_t i = 0; svk__author_words[i].lang != NULL; i++)
		if (strcmp(svk__author_words[i].lang, lang) == 0)
			return &svk__author_words[i];
	return NULL;
}

const char *
svk__author_words_text(const struct svk__author_words *w, const char *key)
{
	for (int pass = 0; pass < 2; pass++) {
		for (const struct svk__author_text *t = w->texts; t->key; t++)
			if (strcmp(t->key, key) == 0)
				return t->text;
		w = &svk__author_words[0]; /* English */
	}
	return NULL;
}
