"""Seed texts for recruitment: interview guides, the EC hiring checklist, the default
onboarding plan, reference-check questions and rejection reasons.

Plain data only. All user-facing text is Norwegian Bokmål. "The handbook" is
``/work/shared/seeds/004_79c10cd93d044f0c.txt`` (Uteseksjonen's handbook on employing
experience consultants); ``004:N`` means line N of that file.

Where each text comes from:

``GUIDES``
    ``ec_first``: appendix 10.1, "1. gangs intervju – erfaringskonsulent" (004:1521-1612).
        The 15 questions are verbatim. Only line-break artefacts and double spaces are
        fixed, and a hyphen used as a dash in Q6 ("selv - og") is set as an en dash like
        the other questions; "erfaringer/ arbeidserfaringer" in Q4 loses its stray
        space. Q3's parenthetical note (004:1547-1548) is that question's
        ``guidance``. The guide-level note "Intervjuet må tilpasses hver enkelt kandidat"
        is from 004:1527. "Personlig egnethet ... er avgjørende" is from 004:1186-1188 and
        "ECs are consulted in hiring" from 004:982. The rest of ``intro`` is ours.
    ``ec_second``: appendix 10.2, "2. gangs intervju – erfaringskonsulent"
        (004:1614-1705). The 12 themes and their bullets are verbatim. Section titles are
        normalised (en dash, lower case after the slash), and "lover mm" is written
        "lover m.m.". Theme 12 ("Referanser") has no bullets in the handbook, so its
        question is ours. So are all ``guidance`` texts in this guide.
    ``professional_first``: written for this service; the handbook has no guide for
        professional positions. It draws on the domain summary: evening and night
        outreach, working in pairs with ECs (004:455-460, 730-740), no client
        identifiers in reports, the four teams (004:166), and the rule that interviews and
        references follow the ordinary process (004:1180-1182).
    ``peer_intake``: written for this service from 7.1.1, "Rekruttering av likepersoner"
        (004:1217-1240): candidates the team knows from outreach, an intake conversation
        about the work and their qualifications, resource groups, workshops and theme
        nights, never follow-up work, plus extra supervision (004:1239-1240). Hourly
        on-call work with shifts agreed in advance is from 004:334-337.

``lived_experience`` marks questions whose answers concern the candidate's own lived
experience, health or change process (special-category data, GDPR art. 9). It is set for
ec_first Q2, Q3, Q5, Q6, Q7 and Q10, for every question in ec_second themes 2, 4 and 5,
and for the peer questions about their own experience, ties to the environments and
support needs. It is False everywhere in ``professional_first``.

``HIRING_CHECKLIST``
    The handbook points to PRIOS's checklist for hiring ECs (004:1146-1153) without
    reproducing it. This list is written from the handbook's own text:
    004:1146-1152 (frame, use of the competence, job description co-written),
    004:1159-1171 (needs mapping, the ad), 004:982 (ECs consulted),
    004:1180-1186 (interview guides, references), 004:1190-1215 (buddy, training, the
    two talks, supervision, network, openness) and 004:1385-1387 (permanent, at least
    50 %).

``ONBOARDING_ITEMS``
    Buddy, training time and the talks after two and five months apply to everyone
    (004:1190-1198). Extended supervision and the EC network are for ECs
    (004:1202-1206). The EC co-writes the job description (004:1146-1150, 1268-1274).
    The frame review is from 004:1192-1194. For peers, "no follow-up work" is from
    004:1236-1238 and the extra supervision from 004:1239-1240. The training topics
    (confidentiality and documentation, first aid and naloxone, safety, shift and
    report routines) are the service's standard ones; the handbook does not list them.

``REFERENCE_QUESTIONS``
    Written for this service. They never ask the referee about the candidate's health
    or drug history.

``REJECTION_REASONS``
    Labels for the fixed reason codes.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Interview guides
# ---------------------------------------------------------------------------

GUIDES: list[dict] = [
    # -- Appendix 10.1 (004:1521-1612): first interview, experience consultant --------
    {
        "key": "ec_first",
        "name": "1. gangs intervju – erfaringskonsulent",
        "role_type": "ec",
        "stage": "first",
        "intro": (
            "Intervjuet må tilpasses hver enkelt kandidat. "
            "Personlig egnethet i rollen som erfaringskonsulent er avgjørende. "
            "Erfaringskonsulenter skal tas med på råd i ansettelsesprosesser, så ha gjerne "
            "med en erfaringskonsulent i intervjupanelet. "
            "Det er kandidaten som bestemmer hvor mye av sin egen historie som fortelles. "
            "Skriv bare ned det som har betydning for vurderingen, og ikke detaljer om "
            "helse, rusbruk eller behandling."
        ),
        "sections": [
            {
                "title": "Intervjuspørsmål",
                "guidance": (
                    "Spørsmålene følger vedlegg 10.1 i håndboka. Ta dem i rekkefølge, men "
                    "la samtalen få gå der kandidaten tar den."
                ),
                "questions": [
                    {   # 1
                        "text": "Fortell litt om deg selv og hvorfor du søkte på denne stillingen.",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {   # 2
                        "text": (
                            "Personlige erfaringer er den viktigste kompetanse i denne "
                            "stillingen, hva tenker du om det?"
                        ),
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {   # 3
                        "text": "Hvordan ser du for deg at du ønsker å benytte kompetansen din?",
                        "guidance": (
                            "Her bør det presiseres at det ikke er tenkt at den ansatte skal "
                            "måtte dele hele sin historie i møte med andre."
                        ),
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {   # 4
                        "text": (
                            "Har du andre relevante erfaringer/arbeidserfaringer som du "
                            "tenker kan være nyttige?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {   # 5
                        "text": (
                            "Kan du si noe om din egen endringsprosess og hva som var "
                            "avgjørende for deg i denne perioden?"
                        ),
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {   # 6
                        "text": (
                            "Hva gjorde du selv – og hva gjorde andre? Har du erfaringer fra "
                            "kontakt med hjelpetjenester?"
                        ),
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {   # 7
                        "text": "Hva har du lært om deg selv og hva har motivert deg?",
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {   # 8
                        "text": (
                            "Kan du beskrive noen av styrkene dine? Hvordan kan disse komme "
                            "til nytte i en jobb som erfaringskonsulent?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {   # 9
                        "text": "Kan du beskrive hvordan du håndterer vanskelige situasjoner?",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {   # 10
                        "text": (
                            "Hvis du har det vanskelig en periode, hva trenger du av oss "
                            "(ledere, kollegaer)?"
                        ),
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {   # 11
                        "text": (
                            "Har du prøvd å lede en gruppe mennesker før? Vil du kunne delta "
                            "i å lede en større gruppe?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {   # 12
                        "text": (
                            "Arbeidet krever engasjement – hvordan kan vi se at du er "
                            "motivert og engasjert?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {   # 13
                        "text": (
                            "Hvilke utfordringer eller dilemmaer ser du for deg at du kunne "
                            "kjent på i en slik jobb?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {   # 14
                        "text": (
                            "Hvordan ivaretar du dine egne interesser – også når andre med "
                            "autoritet er uenige i dine beslutninger?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {   # 15
                        "text": (
                            "Hvis du fikk jobben – hvordan ville du helst blitt omtalt? "
                            "Erfaringskonsulent, Likeperson, Tillitsperson, Fadder, Mentor, "
                            "Miljøarbeider, annet?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
        ],
    },
    # -- Appendix 10.2 (004:1614-1705): second interview, experience consultant -------
    {
        "key": "ec_second",
        "name": "2. gangs intervju – erfaringskonsulent",
        "role_type": "ec",
        "stage": "second",
        "intro": (
            "Intervjuet må tilpasses hver enkelt kandidat. "
            "Det andre intervjuet bygger på det første: start med det kandidaten har tenkt "
            "siden sist, og gå dypere inn i erfaringskompetansen, grensene og hva slags "
            "støtte kandidaten kan trenge. "
            "Det er kandidaten som bestemmer hva som deles. Skriv bare ned det som har "
            "betydning for vurderingen."
        ),
        "sections": [
            {   # Theme 1
                "title": "Siden sist – refleksjon",
                "guidance": "",
                "questions": [
                    {
                        "text": (
                            "Hva har du tenkt siden sist? (fikk du vist deg fram godt nok – "
                            "er det ting du vil snakke mer om i dag – hva vil jobben kreve "
                            "av meg?)"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {   # Theme 2
                "title": "Erfaringskompetansen din",
                "guidance": (
                    "Spør hva erfaringen handler om og hvordan den kan brukes, ikke om "
                    "detaljer. Kandidaten setter selv grensen for hva som deles."
                ),
                "questions": [
                    {
                        "text": "Hva handler den om: Rus/psykisk helse/behandling/annet",
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Hvilke muligheter ser du til å gjøre bruk av den? Er det en "
                            "spesiell målgruppe, alder/problematikk/kultur hvor den kan komme "
                            "bedre til nytte?"
                        ),
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Ser du noen begrensninger ved å benytte erfaringene dine – er "
                            "det noen du ikke kommuniserer så godt med? Hvor går dine grenser "
                            "for hva du ønsker å dele av erfaringer?"
                        ),
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                ],
            },
            {   # Theme 3
                "title": "Styrker / svakheter",
                "guidance": "",
                "questions": [
                    {
                        "text": "Dine styrker",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": "Hvilke forbedringspunkter har du",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {   # Theme 4
                "title": "Selvinnsikt / risiko",
                "guidance": (
                    "Målet er å finne ut hva som må tilrettelegges, ikke å vurdere "
                    "kandidatens helse. Noter avtaler om tilrettelegging, ikke diagnoser "
                    "eller historikk."
                ),
                "questions": [
                    {
                        "text": "Hva skal til for at du har det bra på jobb og privat?",
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Er det noe som kan være utfordrende for deg og som du bør ta "
                            "hensyn til?"
                        ),
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {
                        "text": "Er det noe du tenker vi bør være oppmerksom på?",
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                ],
            },
            {   # Theme 5: the five ✓ items are the checklist
                "title": "Hva slags støtte vil du kunne trenge i arbeidet som erfaringskonsulent?",
                "guidance": "",
                "questions": [
                    {
                        "text": (
                            "Hva slags støtte vil du kunne trenge i arbeidet som "
                            "erfaringskonsulent?"
                        ),
                        "guidance": (
                            "Gå gjennom punktene sammen med kandidaten og kryss av for dem "
                            "kandidaten vil kunne trenge støtte til."
                        ),
                        "lived_experience": True,
                        "checklist": [
                            "Etablere/regulere kontaktforhold med bruker",
                            "Forstå/bearbeide egne reaksjoner",
                            "Stressmestring",
                            "Skriftlig/muntlig framstilling",
                            "Forståelse av hjelpeapparatets organisering, lover m.m.",
                        ],
                    },
                ],
            },
            {   # Theme 6
                "title": "Jobbe selvstendig og i team",
                "guidance": (
                    "På oppsøkende vakt går erfaringskonsulenten alltid sammen med en "
                    "fagansatt. Spør gjerne også hvordan kandidaten liker å planlegge og "
                    "dele roller med en kollega."
                ),
                "questions": [
                    {
                        "text": "Andre arbeidserfaringer du tenker er relevante",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {   # Theme 7
                "title": "Konflikt",
                "guidance": "",
                "questions": [
                    {
                        "text": "Hvordan har du håndtert uenigheter eller konflikter tidligere?",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": "Hvordan håndterer du dette nå?",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {   # Theme 8
                "title": "Respekt",
                "guidance": "",
                "questions": [
                    {
                        "text": "Hva forbinder du med det?",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {   # Theme 9
                "title": "En god leder",
                "guidance": "",
                "questions": [
                    {
                        "text": "Hva er det du verdsetter hos en leder?",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {   # Theme 10
                "title": "En god kollega",
                "guidance": "",
                "questions": [
                    {
                        "text": "Hva verdsetter du hos en god kollega?",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": "Hvilken kollega ønsker du å være?",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {   # Theme 11
                "title": "Dersom en kollega/leder/venn skulle beskrive deg",
                "guidance": "",
                "questions": [
                    {
                        "text": "Hva ville de si?",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": "Positivt og negativt",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {   # Theme 12: no bullets in the handbook; the question is ours
                "title": "Referanser",
                "guidance": (
                    "Referanser innhentes på samme måte som for andre stillinger i "
                    "Uteseksjonen. Avtal med kandidaten hvem vi får kontakte."
                ),
                "questions": [
                    {
                        "text": (
                            "Hvem kan vi kontakte som referanser, og hvilken relasjon har du "
                            "til dem?"
                        ),
                        "guidance": (
                            "Gjerne en nåværende eller tidligere leder. Kontakt bare "
                            "referanser kandidaten har sagt ja til."
                        ),
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
        ],
    },
    # -- Professional outreach positions (written for this service) -----------------
    {
        "key": "professional_first",
        "name": "Intervju – fagstilling (miljøterapeut, sosionom, psykolog m.fl.)",
        "role_type": "professional",
        "stage": "first",
        "intro": (
            "Intervjuet må tilpasses hver enkelt kandidat. "
            "Spørsmålene er et utgangspunkt for oppsøkende fagstillinger i Uteseksjonen: "
            "arbeid på kveld og natt, alltid to og to, i rusmiljøer og blant ungdom og unge "
            "voksne, tett sammen med erfaringskonsulenter og likepersoner. "
            "Ikke spør om helse, rusbruk, graviditet, familieplaner eller andre forhold "
            "som ikke har betydning for stillingen. "
            "Ha gjerne med en erfaringskonsulent i intervjupanelet."
        ),
        "sections": [
            {
                "title": "Bakgrunn og motivasjon",
                "guidance": "",
                "questions": [
                    {
                        "text": (
                            "Fortell litt om deg selv, utdanningen din og hvorfor du søkte på "
                            "denne stillingen."
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Hva tenker du skiller oppsøkende arbeid fra arbeid på et kontor "
                            "eller i en institusjon?"
                        ),
                        "guidance": (
                            "Se etter forståelse for å møte folk der de er, på deres "
                            "premisser, uten at de har bedt om hjelp."
                        ),
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {
                "title": "Målgruppene og miljøene",
                "guidance": (
                    "Uteseksjonen har fire team: Mindreårige, Unge voksne, Voksne i det åpne "
                    "rusmiljøet og Vaterland. Tilpass spørsmålene til teamet stillingen "
                    "hører til."
                ),
                "questions": [
                    {
                        "text": (
                            "Hvilken erfaring har du fra arbeid med ungdom og unge voksne, "
                            "og hva er viktig for deg i møte med dem?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Hvordan ville du gått fram for å få kontakt med noen i et "
                            "rusmiljø som ikke har bedt om hjelp?"
                        ),
                        "guidance": (
                            "Se etter respekt, tålmodighet og vilje til å bygge relasjon "
                            "over tid."
                        ),
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Fortell om en situasjon der du måtte vurdere din egen eller "
                            "andres sikkerhet. Hva gjorde du?"
                        ),
                        "guidance": (
                            "Se etter evne til å vurdere risiko, trekke seg ut når det "
                            "trengs og samarbeide med kollegaen."
                        ),
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {
                "title": "Samarbeid og arbeid i par",
                "guidance": (
                    "På oppsøkende vakt går vi alltid to og to. En erfaringskonsulent går "
                    "alltid sammen med en fagansatt, og paret planlegger vakta sammen."
                ),
                "questions": [
                    {
                        "text": (
                            "Hvordan ville du planlagt og gjennomført en vakt sammen med en "
                            "kollega: roller, hvor dere skal, og hva som skjer i miljøene?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Hos oss jobber fagansatte side om side med erfaringskonsulenter "
                            "og likepersoner. Hvilke tanker har du om å jobbe sammen med "
                            "kollegaer som er ansatt på grunn av sin egen erfaring?"
                        ),
                        "guidance": (
                            "Valgfritt spørsmål. Spør etter holdninger og samarbeid, ikke "
                            "etter kandidatens egne erfaringer. Se etter respekt for "
                            "erfaringskunnskap som likeverdig med fagkunnskap."
                        ),
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Hvordan håndterer du faglig uenighet med en kollega, for "
                            "eksempel om hvordan en situasjon på vakt skal løses?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {
                "title": "Taushetsplikt og dokumentasjon",
                "guidance": (
                    "Etter hver vakt skriver vi en kort rapport uten navn eller andre "
                    "opplysninger som kan identifisere klienter."
                ),
                "questions": [
                    {
                        "text": (
                            "Hva betyr taushetsplikten for deg i praksis, også utenfor "
                            "arbeidstid?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Hvordan ville du skrevet en vaktrapport som er nyttig for "
                            "kollegaene, uten at noen av dem du har møtt kan kjennes igjen?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Når mener du det er riktig å dele opplysninger med andre "
                            "tjenester, og hvordan går du fram?"
                        ),
                        "guidance": (
                            "Se etter kjennskap til samtykke, opplysningsplikten til "
                            "barnevernet og avvergeplikten."
                        ),
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {
                "title": "Turnus og arbeidsforhold",
                "guidance": (
                    "Spør om rammene for arbeidstiden, ikke om familieforhold eller helse."
                ),
                "questions": [
                    {
                        "text": (
                            "Arbeidet foregår mye på kveld og natt, også i helgene. Hvordan "
                            "passer en slik turnus for deg?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {
                "title": "Faglig refleksjon og veiledning",
                "guidance": "",
                "questions": [
                    {
                        "text": (
                            "Fortell om en situasjon i arbeidet der du var usikker på hva som "
                            "var riktig å gjøre. Hvordan tenkte du, og hva lærte du?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Hvordan bruker du veiledning og kollegaer til å reflektere over "
                            "ditt eget arbeid?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": "Hva gjør du for å legge fra deg krevende opplevelser fra jobb?",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {
                "title": "Avslutning",
                "guidance": "",
                "questions": [
                    {
                        "text": (
                            "Hva trenger du av leder og kollegaer for å gjøre en god jobb det "
                            "første halvåret?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Hvem kan vi kontakte som referanser, og hvilken relasjon har du "
                            "til dem?"
                        ),
                        "guidance": "Kontakt bare referanser kandidaten har sagt ja til.",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": "Har du noen spørsmål til oss?",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
        ],
    },
    # -- Peers (likepersoner): intake conversation, 004:1217-1240 ---------------------
    {
        "key": "peer_intake",
        "name": "Intervjusamtale – likeperson",
        "role_type": "peer",
        "stage": "intake",
        "intro": (
            "Samtalen tilpasses den du snakker med. "
            "Likepersoner er som oftest unge vi har blitt kjent med over tid gjennom det "
            "oppsøkende arbeidet, guttegrupper, ungdomspanel eller jobbprosjektet. "
            "Samtalen handler om hva arbeidet innebærer og hvilke kvalifikasjoner "
            "vedkommende har. Hold den uformell. "
            "Si tydelig at den du snakker med, selv bestemmer hva som skal fortelles, og "
            "at det er helt greit å la være å svare. Skriv bare ned det som har "
            "betydning for avtalen."
        ),
        "sections": [
            {
                "title": "Velkommen",
                "guidance": (
                    "Fortell hvorfor dere har tenkt på akkurat denne personen, og at "
                    "samtalen ikke forplikter til noe."
                ),
                "questions": [
                    {
                        "text": (
                            "Hva tenkte du da vi spurte om du kunne ha lyst til å jobbe som "
                            "likeperson?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": "Hva driver du med for tiden – skole, jobb eller noe annet?",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {
                "title": "Hva arbeidet innebærer",
                "guidance": (
                    "Fortell om oppgavene: workshops, temakvelder og ressursgrupper, og å "
                    "være en stemme i utviklingen av tjenesten. Si tydelig at likepersoner "
                    "ikke deltar i oppfølgingsarbeid, fordi de fortsatt har en viss "
                    "tilknytning til miljøene vi jobber i. Arbeidet er på timesbasis som "
                    "tilkallingsvakt, og vaktene avtales på forhånd."
                ),
                "questions": [
                    {
                        "text": (
                            "Hva har du lyst til å bidra med på workshops, temakvelder eller "
                            "i en ressursgruppe?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Hvor mye tid har du, og hvordan passer det for deg å jobbe på "
                            "timesbasis med vakter vi avtaler på forhånd?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
            {
                "title": "Din erfaring",
                "guidance": (
                    "Du bestemmer selv hva du vil dele. Du trenger ikke fortelle hele "
                    "historien din, verken her eller i jobben."
                ),
                "questions": [
                    {
                        "text": (
                            "Hvilke erfaringer har du som du tror kan være nyttige for andre "
                            "unge?"
                        ),
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {
                        "text": "Hva har hjulpet deg på veien dit du er i dag?",
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Er det noe du har lyst til å dele med andre – og noe du heller "
                            "vil holde for deg selv?"
                        ),
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                ],
            },
            {
                "title": "Grenser og støtte",
                "guidance": (
                    "Likepersoner får ekstra veiledning. Fortell hvem de kan ta kontakt med "
                    "hvis noe blir vanskelig."
                ),
                "questions": [
                    {
                        "text": (
                            "Du kjenner fortsatt folk i miljøene. Hvordan tror du det blir å "
                            "møte dem når du er på jobb?"
                        ),
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {
                        "text": (
                            "Er det steder, folk eller situasjoner du helst vil holde deg "
                            "unna i jobben?"
                        ),
                        "guidance": (
                            "Noter bare det som trengs for å planlegge vaktene, ikke "
                            "hvorfor."
                        ),
                        "lived_experience": True,
                        "checklist": [],
                    },
                    {
                        "text": "Hva trenger du fra oss hvis noe blir vanskelig?",
                        "guidance": "",
                        "lived_experience": True,
                        "checklist": [],
                    },
                ],
            },
            {
                "title": "Hva du er god på",
                "guidance": "",
                "questions": [
                    {
                        "text": (
                            "Hva er du god på? Hva ville venner eller andre som kjenner deg "
                            "si at du er flink til?"
                        ),
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                    {
                        "text": "Er det noe du lurer på, eller noe du vil spørre oss om?",
                        "guidance": "",
                        "lived_experience": False,
                        "checklist": [],
                    },
                ],
            },
        ],
    },
]

# ---------------------------------------------------------------------------
# Checklist for EC positions, ticked before and during recruitment.
# Follows the handbook's pointer to PRIOS's checklist (004:1146-1153), but written
# from the handbook's own text (line numbers per item).
# ---------------------------------------------------------------------------

HIRING_CHECKLIST: list[str] = [
    # 004:1148-1152
    "Rammene for stillingen er avklart før rekrutteringen starter.",
    # 004:1148-1152
    "Det er avklart hvordan erfaringskompetansen skal brukes i tjenesten.",
    # 004:1159-1171
    "Teamet har kartlagt hvilken erfaringskompetanse det trenger, og i hvilket miljø.",
    # 004:1159-1163
    "Forventninger og ansvarsområder står tydelig i utlysningsteksten.",
    # 004:1385-1387
    "Stillingen er fast og på minst 50 %.",
    # 004:982
    "En erfaringskonsulent er tatt med på råd i ansettelsesprosessen, gjerne i intervjupanelet.",
    # 004:1180-1186
    "Intervjuene bruker intervjuguidene for erfaringskonsulenter, og referanser innhentes som ellers.",
    # 004:1192-1194
    "Kandidaten er gjort kjent med rammene for stillingen i løpet av ansettelsesprosessen.",
    # 004:1146-1150, 1268-1274
    "Det er avtalt at stillingsbeskrivelsen skrives sammen med erfaringskonsulenten etter ansettelsen.",
    # 004:1190
    "En fadder er oppnevnt før første arbeidsdag.",
    # 004:1190-1192
    "Det er satt av tid til opplæring og til å bli kjent.",
    # 004:1196-1198
    "Nyansattsamtaler med leder etter to og fem måneder er planlagt.",
    # 004:1202-1206
    "Utvidet veiledningstilbud og plass i nettverket for erfaringskonsulenter er avklart.",
    # 004:1212-1215
    "Det er åpenhet om mulige utfordringer, og det er avklart hvor de kan tas opp.",
]

# ---------------------------------------------------------------------------
# Default onboarding plan. Due offset_months whole months after the start date (0 when
# absent), then offset_days (negative = before).
# role_types empty = every new colleague; otherwise a subset of
# ["ec", "peer", "professional", "administrative"].
# ---------------------------------------------------------------------------

ONBOARDING_ITEMS: list[dict] = [
    {
        "title": "Fadder oppnevnt",
        "offset_days": -14,
        "owner": "leader",
        "role_types": [],
    },
    {
        "title": "IT-tilgang og nøkler",
        "offset_days": -3,
        "owner": "hr",
        "role_types": [],
    },
    {
        "title": "Velkomst og omvisning",
        "offset_days": 0,
        "owner": "leader",
        "role_types": [],
    },
    {
        "title": "Opplæring: taushetsplikt og dokumentasjon uten opplysninger som identifiserer klienter",
        "offset_days": 1,
        "owner": "leader",
        "role_types": [],
    },
    {
        # 004:1192-1194 (ECs); 004:1236-1238 (peers: no follow-up work)
        "title": "Gjennomgang av rammer for stillingen",
        "offset_days": 1,
        "owner": "leader",
        "role_types": ["ec", "peer"],
    },
    {
        "title": "Opplæring: rutiner for vakt og rapport",
        "offset_days": 2,
        "owner": "leader",
        "role_types": ["ec", "peer", "professional"],
    },
    {
        "title": "Opplæring: sikkerhet på oppsøkende arbeid",
        "offset_days": 2,
        "owner": "leader",
        "role_types": ["ec", "peer", "professional"],
    },
    {
        "title": "Opplæring: førstehjelp og nalokson ved overdose",
        "offset_days": 3,
        "owner": "leader",
        "role_types": ["ec", "peer", "professional"],
    },
    {
        "title": "Første vakter sammen med fadder",
        "offset_days": 4,
        "owner": "buddy",
        "role_types": ["ec", "peer", "professional"],
    },
    {
        # 004:1202
        "title": "Utvidet veiledningstilbud – første veiledningstime",
        "offset_days": 14,
        "owner": "leader",
        "role_types": ["ec"],
    },
    {
        # 004:1202-1206
        "title": "Invitasjon til nettverket for erfaringskonsulenter",
        "offset_days": 14,
        "owner": "leader",
        "role_types": ["ec"],
    },
    {
        # 004:1239-1240
        "title": "Ekstra veiledning for likepersoner – første samtale",
        "offset_days": 14,
        "owner": "leader",
        "role_types": ["peer"],
    },
    {
        # 004:1146-1150, 1268-1274
        "title": "Stillingsbeskrivelsen skrives sammen med leder",
        "offset_days": 30,
        "owner": "leader",
        "role_types": ["ec"],
    },
    {
        # 004:1196-1198
        "title": "Nyansattsamtale med leder etter to måneder",
        "offset_months": 2,
        "offset_days": 0,
        "owner": "leader",
        "role_types": [],
    },
    {
        # 004:1196-1198
        "title": "Nyansattsamtale med leder etter fem måneder",
        "offset_months": 5,
        "offset_days": 0,
        "owner": "leader",
        "role_types": [],
    },
]

# ---------------------------------------------------------------------------
# Reference check. Never ask the referee about the candidate's health or drug history.
# ---------------------------------------------------------------------------

REFERENCE_QUESTIONS: list[str] = [
    "Hvilken relasjon har du til kandidaten, og hvor lenge har dere arbeidet sammen?",
    "Hvilke arbeidsoppgaver hadde kandidaten, og hvordan ble de løst?",
    "Hvor pålitelig er kandidaten når det gjelder å møte opp, holde avtaler og følge rutiner?",
    "Hvordan samarbeider kandidaten med kollegaer, ledere og samarbeidspartnere?",
    "Hvordan håndterer kandidaten press, uforutsette situasjoner og konflikter? Har du et eksempel?",
    (
        "For erfaringskonsulenter: Hvordan bruker kandidaten erfaringskompetansen sin i "
        "arbeidet, og hvordan tar kandidaten vare på egne grenser i jobben?"
    ),
    "Hva er kandidatens sterkeste sider, og hva kan kandidaten bli bedre på?",
    "Ville du ansatt kandidaten igjen? Hvorfor eller hvorfor ikke?",
]

# ---------------------------------------------------------------------------
# Why a candidate was rejected: code -> label.
# ---------------------------------------------------------------------------

REJECTION_REASONS: dict[str, str] = {
    "not_qualified": "Oppfyller ikke kvalifikasjonskravene",
    "other_better": "Andre kandidater var bedre kvalifisert",
    "withdrew": "Kandidaten trakk søknaden",
    "declined_offer": "Kandidaten takket nei til tilbudet",
    "not_reachable": "Fikk ikke kontakt med kandidaten",
    "other": "Annen årsak",
}
