"""Seed texts (Norwegian Bokmål) for the job-descriptions feature (issue 6).

Plain data, no logic. "004:N" points to lines in /work/shared/seeds/004_79c10cd93d044f0c.txt,
the outreach section's handbook on experience consultants; "003:LN" points to the master's thesis
summarised in /work/shared/research/seed003.md.

SECTIONS
    The common frame of every description. The section list follows issue 6. The need for clear
    descriptions for every role comes from 004:568-580. The balance between too rigid and too open
    comes from 004:1333-1356.

ROLE_TEMPLATES
    One template per role. Sources by role:

    ec              Why ECs are hired and that they use their experience actively: 004:239-262.
                    Active in service development: 004:266-269. Not a user representative:
                    004:274-286. Purpose and core values: 004:407-438. Bridge-builder and role model:
                    004:521-532. Works on every team, in the environment they know: 004:537-541,
                    659-668. Equal footing with professionals: 004:557-566. Extra duty to secure
                    the user perspective: 004:575-580. Outreach always with a professional:
                    004:455-460, 651-652. Planning the shift together: 004:730-740. Limits
                    (old friends, threats, overdoses) and tilrettelegging: 004:686-717. Follow-up
                    and young ECs: 004:753-830. Theme nights, workshops, guttegrupper, teaching:
                    004:836-941. Consulted in hiring, user-friendly texts and apps: 004:982-985.
                    HKH mapping team: 004:1011-1020. Supervision: 004:1051-1135. Co-writes own
                    description: 004:1146-1150, 1268-1274. Buddy, nyansattsamtaler after two
                    and five months, extended supervision, EC network: 004:1190-1210. No
                    "lidelseshistorie", sober use of own story: 004:499-505, 1360-1372. Permanent
                    and at least 50 %: 004:1383-1390. Moving to a miljøterapeut position:
                    004:1400-1418. "Personlig, ikke privat" is the thesis's wording (003:L2487-2512).
                    The handbook says the same in other words at 004:252-256 and 1101-1104.
    peer            Perspektiv: peers on outreach a few hours a week, then hourly pay: 004:207-226.
                    Who a peer is, hourly on-call shifts agreed in advance, varied capacity:
                    004:300-356. Ung til ung: 004:382-404. Recruitment, the intake conversation,
                    tasks, and NEVER follow-up work: 004:1217-1236. Extra supervision, in a
                    group, and challenges in free time: 004:1238-1258. Mastery and a way into
                    school or work: 004:464-474.
    miljoterapeut   Outreach with ECs, the combination of fag and erfaring: 004:651-657,
                    672-684. Clear division of roles and the shift plan: 004:730-740. Follow-up
                    split between the pair: 004:753-766. Difference from an EC with lived
                    experience: 004:245-249. Supervision on outreach and cases: 004:1131-1134.
    psykolog        The psychologist "has the main responsibility for certain assessments":
                    004:575-578. First conversation with a young EC present: 004:818-822.
                    Theme nights with our own psychologists: 004:848-851. The handbook does not
                    list the assessments. The list here (kartlegging og vurdering av psykisk
                    helse, drøfting, veiledning av kolleger, henvisning) follows the brief and
                    should be confirmed by the service.
    sosionom        The handbook says little about this discipline. The texts build on follow-up
                    work and bridging to other services (004:619-624, 753-800). The
                    discipline-specific items (NAV, bolig, økonomi) are ordinary social-work
                    tasks and should be confirmed by the service.
    teamleder       Clear frames and good dialogue, tilrettelegging: 004:1262-1300. Roster and
                    pairing: 004:455-460, 730-740. Nyansattsamtaler: 004:1196-1199. Mapping needs
                    before an ad: 004:1158-1170. Anchoring on all levels: 004:1305-1311.
                    Approving and signing descriptions: issue 6.
    fagkonsulent_ek Supervision of ECs as the main duty: 004:1051-1055. Network and
                    first-job context: 004:1057-1077. Individual and group supervision,
                    confidentiality: 004:1079-1135. Hiring: expectations discussed with the
                    candidate (004:1062-1064), interview guide (004:1180-1188). Regular
                    supervision: 004:1374-1383.
    hr              Ordinary process for interviews and references, own interview guides for
                    ECs: 004:1180-1188. PRIOS checklist: 004:1150-1153. Converting positions:
                    004:1383-1418. Personnel data, special-category data and deleting candidates'
                    data: DOMAIN.md, "Privacy". The søkerliste follows Norwegian public-sector
                    practice (offentleglova § 25).

    Working hours for the outreach teams (evenings and nights, rota, not around the clock, nobody
    reachable outside their shifts) follow DOMAIN.md, "Shift planning". Wanting to be available
    around the clock leads to role overload (003:L3024-3032). Working-time law is only named
    (arbeidsmiljøloven ch. 10), never quantified: the limits are settings in the roster feature.
    Generic qualification lines for professionals (education, authorisation) are not in the
    handbook. They are written as "for example" so that HR and the leader can adjust them.

INDIVIDUAL_EXAMPLES
    Invented demo content for one person per role. No real names or identifiers. The team names
    come from 004:166.

REVIEW_NOTE
    Role renegotiated regularly, first six months the hardest, role problems mostly at the start:
    research/seed003.md (003:L284-298, L3056-3060). Too rigid or too open: 004:1333-1356. Review
    rhythm (after 2 and 6 months for a new EC, then yearly): issue 6.
"""

# The common frame. The order is the order of the printed description.
SECTIONS: list[dict] = [
    {
        "key": "purpose",
        "title": "Formål med stillingen",
        "hint": "Beskriv kort hvorfor stillingen finnes og hva den skal bidra med for innbyggerne og for tjenesten.",
    },
    {
        "key": "responsibilities",
        "title": "Ansvarsområder",
        "hint": "List opp områdene stillingen har et selvstendig ansvar for, slik at det er tydelig hva som hører til "
        "akkurat denne rollen.",
    },
    {
        "key": "main_tasks",
        "title": "Hovedoppgaver",
        "hint": "Beskriv de viktigste oppgavene så konkret at både den ansatte og kollegene vet hva de kan forvente.",
    },
    {
        "key": "scope",
        "title": "Hva ligger innenfor og utenfor rollen",
        "hint": "Skriv hva som hører til rollen og hva som bevisst ligger utenfor, uten å gjøre rammene så stramme at "
        "kompetansen ikke blir brukt.",
    },
    {
        "key": "cooperation",
        "title": "Samarbeid med de andre rollene",
        "hint": "Beskriv hvordan rollen samarbeider med erfaringskonsulenter, likepersoner, fagansatte og ledere, og "
        "hvem som har ansvar for hva.",
    },
    {
        "key": "supervision",
        "title": "Veiledning",
        "hint": "Beskriv hvilken veiledning stillingen får (individuelt, i gruppe eller på saker), hvem som gir den og "
        "hvor ofte.",
    },
    {
        "key": "hours",
        "title": "Arbeidstid og tilgjengelighet",
        "hint": "Beskriv når arbeidet foregår og hvordan vaktene planlegges, og skriv tydelig at ingen forventes å "
        "være tilgjengelig utenfor arbeidstiden.",
    },
    {
        "key": "qualifications",
        "title": "Kvalifikasjoner og personlig egnethet",
        "hint": "Beskriv hvilken utdanning eller erfaring stillingen krever og hvilke personlige egenskaper som er "
        "avgjørende i rollen.",
    },
    {
        "key": "development",
        "title": "Utvikling og kompetanseplan",
        "hint": "Beskriv planlagt opplæring og kompetanseutvikling, og hvordan rollen kan utvikle seg over tid.",
    },
]


ROLE_TEMPLATES: list[dict] = [
    # --- Experience consultant (004:239-286, 455-830, 1051-1135, 1146-1210, 1268-1418) ---
    {
        "key": "ec",
        "name": "Erfaringskonsulent",
        "role_type": "ec",
        "discipline": None,
        "summary": (
            "Erfaringskonsulenten er ansatt på bakgrunn av egen erfaring og bruker den aktivt i oppsøkende arbeid, "
            "oppfølging og tjenesteutvikling, alltid sammen med fagansatte."
        ),
        "sections": {
            "purpose": (
                "Erfaringskonsulenten er ansatt nettopp på bakgrunn av egen erfaring, for eksempel med rus, "
                "kriminalitet, psykisk helse, barnevern, soning eller som pårørende. Erfaringskonsulenten skal bruke "
                "kunnskapen denne erfaringen har gitt, aktivt i arbeidet. "
                "Målet er at innbyggere som trenger det, får lettere tilgang til støtte og bedre oppfølging, og at "
                "tjenesten utvikles i takt med innbyggernes behov. "
                "Erfaringskonsulenten er en brobygger mellom miljøene og hjelpeapparatet og en rollemodell som kan "
                "skape motivasjon og formidle håp. "
                "Erfaringskompetanse og fagkompetanse er likeverdige og utfyller hverandre."
            ),
            "responsibilities": (
                "- Et ekstra ansvar for å sikre brukerperspektivet i tjenesten: i planlegging, på møter og i all "
                "tjenesteutvikling.\n"
                "- Å løfte brukerperspektivet og betydningen av erfaringskompetanse overfor samarbeidspartnere.\n"
                "- Å bruke egen erfaring aktivt og bevisst: personlig, ikke privat.\n"
                "- Å bidra med kunnskap om miljøet man kjenner fra eget liv når vakter og tiltak planlegges.\n"
                "- Å utfordre kolleger til kritisk refleksjon, og selv ta imot utfordringer fra fagansatte.\n"
                "- Å være med på å utforme og revidere sin egen stillingsbeskrivelse."
            ),
            "main_tasks": (
                "- Oppsøkende feltarbeid sammen med en oppsøkende miljøterapeut eller en annen fagansatt, helst med "
                "hovedvekt på et miljø man kjenner fra eget liv.\n"
                "- Oppfølging av enkeltpersoner sammen med fagansatte, i et omfang som avtales ut fra erfaring og "
                "trygghet i rollen.\n"
                "- Temasamlinger, workshops på skoler, guttegrupper og annen gruppevirksomhet, sammen med "
                "fagansatte.\n"
                "- Deltakelse i tjenesteutvikling, i kartleggingsteam i HKH og i undervisning for studenter.\n"
                "- Råd om tekster, nettsider og apper, slik at de blir brukervennlige og forståelige.\n"
                "- Gi råd i ansettelsesprosesser."
            ),
            "scope": (
                "Innenfor rollen ligger det å bruke erfaringskompetansen der den kommer best til nytte, og å prøve "
                "nye oppgaver så lenge det ikke går ut over kvaliteten. "
                "Erfaringskonsulenten er ikke brukerrepresentant og erstatter ikke brukerrepresentanter, men kommer "
                "i tillegg. "
                "Rollen krever ikke at man deler en «lidelseshistorie» eller detaljer fra eget liv. Man er åpen om "
                "hvilke områder man har erfaring fra, og bestemmer selv hva man deler. "
                "Erfaringskonsulenten går ikke alene på oppsøkende arbeid. "
                "Man kan be om å slippe å møte bestemte personer eller gå til bestemte steder, og arbeidet kan "
                "tilrettelegges i perioder. "
                "Oppgaver som ikke bygger på rollen eller går ut over kompetansen, hører ikke til stillingen."
            ),
            "cooperation": (
                "På oppsøkende arbeid går erfaringskonsulenten alltid sammen med en fagansatt. "
                "Paret planlegger vakten sammen: de fordeler roller og avtaler hvor de skal gå. Erfaringskonsulenten "
                "har mye å si om hvilke områder som er mest aktuelle. "
                "I oppfølgingen fordeles arbeidet etter hvem som best kan jobbe med hvilke temaer. Psykologen har "
                "hovedansvaret for vurderinger av psykisk helse. "
                "Teamlederen har personalansvaret og setter opp vaktplanen. Fagkonsulenten for "
                "erfaringskonsulentene gir veiledningen i rollen. "
                "Erfaringskonsulenter og fagansatte er likeverdige kolleger som lærer av hverandre, og det skal "
                "ikke bli «oss og dem»."
            ),
            "supervision": (
                "- Utvidet individuell veiledning hos fagkonsulenten for erfaringskonsulentene, om egne grenser, "
                "triggere, selvivaretakelse og bruk av egen historie.\n"
                "- Det som tas opp i veiledningen, er taushetsbelagt. Skal noe videre, for eksempel til teamleder "
                "eller bedriftshelsetjenesten, avgjør veileder og erfaringskonsulent sammen hvordan.\n"
                "- Gruppeveiledning med andre erfaringskonsulenter om etiske dilemmaer, særlig ved arbeid i et "
                "miljø man selv har vært en del av.\n"
                "- Nettverk for erfaringskonsulenter, med formelle og uformelle treff.\n"
                "- Veiledning på det oppsøkende arbeidet og saksveiledning, som for alle ansatte.\n"
                "- Rom for å snakke om tittelen som belastende, og for å be om ekstra støtte i krevende perioder."
            ),
            "hours": (
                "Det oppsøkende arbeidet foregår på kveld og natt etter en turnus i vaktplanen, og noen vakter går "
                "over midnatt. "
                "Arbeidet er ikke døgnet rundt. Ingen forventes å være tilgjengelig utenfor sine vakter, heller ikke "
                "på privat telefon eller i sosiale medier. "
                "Vaktplanen følger arbeidsmiljølovens regler om arbeidstid og hvile. "
                "Stillingen er fast og minst 50 prosent. Da kan man bygge opp erfaring og samarbeide med kollegene "
                "på lik linje."
            ),
            "qualifications": (
                "- Egen erfaring som er relevant for miljøene tjenesten jobber i, og kjennskap til hvordan det er å "
                "motta hjelp fra ulike hjelpetilbud.\n"
                "- Et avklart forhold til egen historie, og evne til å bruke erfaringene til å hjelpe andre.\n"
                "- Evne til å være ydmyk, lyttende og nysgjerrig, og til å være nøktern når man viser til eget "
                "endringsarbeid.\n"
                "- Kjennskap til egne grenser og reaksjonsmønstre.\n"
                "- Personlig egnethet er avgjørende."
            ),
            "development": (
                "Som nyansatt får erfaringskonsulenten en fadder og tid til opplæring. Nyansattsamtalene med leder "
                "er etter to og fem måneder. "
                "Det tar tid å bli trygg i rollen. Stillingsbeskrivelsen gjennomgås derfor etter to og seks "
                "måneder, og deretter hvert år. "
                "Erfaringskonsulenten skal få tilegne seg kunnskap og kompetanse etter ønsker, behov og "
                "forutsetninger, og nettverket gir felles kompetanseheving. "
                "Tjenesten legger til rette for utdanning for den som ønsker det. "
                "En erfaringskonsulent som kvalifiserer seg som miljøterapeut, kan få stillingen omgjort til en "
                "miljøterapeutstilling. Neste ledige miljøterapeutstilling lyses da ut som "
                "erfaringskonsulentstilling."
            ),
        },
    },
    # --- Peer (004:300-356, 1217-1258) ---
    {
        "key": "peer",
        "name": "Likeperson",
        "role_type": "peer",
        "discipline": None,
        "summary": (
            "Likepersonen er en ung person som fortsatt står nær miljøene vi oppsøker. Likepersonen er ansatt på "
            "timesbasis og når andre unge gjennom workshops, temasamlinger og ressursgrupper."
        ),
        "sections": {
            "purpose": (
                "En likeperson er eller har vært i samme livssituasjon som dem vi oppsøker. "
                "Fordi likepersonen er nær i alder og har felles referanser, kan likepersonen få kontakt med unge "
                "som har liten tillit til hjelpeapparatet, og gjøre kontakten med tjenesten mindre skremmende. "
                "Likepersonen skal være en rollemodell og en ressurs for andre unge, og en stemme i utviklingen av "
                "tjenesten."
            ),
            "responsibilities": (
                "- Å formidle nyttig kunnskap og informasjon til unge på en måte som treffer dem.\n"
                "- Å gi innspill om hva som rører seg i ungdomsmiljøene, og hvilke temaer som er aktuelle.\n"
                "- Å være en stemme i tjenesteutviklingen gjennom ressursgrupper.\n"
                "- Å møte til de vaktene som er avtalt, og si fra i god tid hvis noe endrer seg."
            ),
            "main_tasks": (
                "- Delta på temasamlinger og workshops, for eksempel i skoleklasser, sammen med ansatte.\n"
                "- Delta i ressursgrupper og paneler som gir unge en stemme.\n"
                "- Bidra på aktiviteter og grupper for unge sammen med ansatte.\n"
                "- Delta i oppsøkende arbeid noen timer sammen med en ansatt, når det er avtalt på forhånd."
            ),
            "scope": (
                "Likepersonen deltar aldri i oppfølgingsarbeid, fordi likepersonen fortsatt har en viss tilknytning "
                "til miljøene vi jobber i. "
                "Likepersonen har ikke ansvar for saker og arbeider alltid sammen med ansatte. "
                "Hvis noen ber likepersonen om hjelp, kobler likepersonen inn en ansatt, som tar saken videre. "
                "Likepersonen trenger ikke dele detaljer fra eget liv. "
                "Kontakt med unge på fritiden er ikke en del av jobben. Det som likevel oppstår, kan tas opp i "
                "veiledningen."
            ),
            "cooperation": (
                "Likepersonen arbeider sammen med ansatte i Uteseksjonen og planlegger temasamlinger og workshops "
                "sammen med dem. "
                "Fagansatte og erfaringskonsulenter har ansvaret for all oppfølging av enkeltpersoner. "
                "Teamlederen har personalansvaret og avtaler vaktene med likepersonen."
            ),
            "supervision": (
                "Likepersoner får ekstra veiledning. Det kan være krevende å finne sin rolle som ressurs i et miljø "
                "man selv er en del av, også på fritiden. "
                "Veiledningen skjer ofte i gruppe sammen med andre unge likepersoner og erfaringskonsulenter. "
                "Det som tas opp i veiledningen, er taushetsbelagt. "
                "Det skal være trygt å be om støtte i krevende perioder, uten at man føler at man mister ansikt."
            ),
            "hours": (
                "Likepersonen er ansatt på timesbasis som tilkallingsvakt, og alle vakter avtales på forhånd. "
                "Vaktene ligger ofte på kveldstid, når temasamlinger og oppsøkende arbeid foregår. "
                "Arbeidet er ikke døgnet rundt, og ingen forventes å være tilgjengelig utenfor de avtalte vaktene. "
                "Hvor mange timer man tar, tilpasses den enkeltes arbeidskapasitet, skole og annet arbeid."
            ),
            "qualifications": (
                "- Egen erfaring fra samme livssituasjon eller miljø som dem vi oppsøker.\n"
                "- På god vei ut av miljøet, har stått i jobb over tid eller har vist at man er motivert for "
                "endring.\n"
                "- God oversikt over hva som rører seg blant unge, og evne til å skape refleksjon og dialog.\n"
                "- Likepersoner rekrutteres oftest blant unge tjenesten har blitt kjent med gjennom oppsøkende "
                "arbeid, guttegrupper, ungdomspanel eller jobbprosjektet. Rekrutteringen skjer gjennom en "
                "intervjusamtale om hva arbeidet innebærer og hvilke kvalifikasjoner man har."
            ),
            "development": (
                "Likepersonen får opplæring i hva arbeidet innebærer, og kan etter hvert lede deler av workshops og "
                "temasamlinger. "
                "Mange opplever mestring og får bedre selvtillit av å være en ressurs for andre. For noen har "
                "arbeidet vært en motivasjon for å fullføre skolen eller begynne på en utdanning. "
                "Erfaringen kan på sikt være et grunnlag for andre oppgaver, for eksempel en stilling som "
                "erfaringskonsulent. "
                "Veien videre drøftes i veiledningen og når stillingsbeskrivelsen gjennomgås."
            ),
        },
    },
    # --- Outreach miljøterapeut (004:245-249, 651-766, 1131-1134) ---
    {
        "key": "miljoterapeut",
        "name": "Oppsøkende miljøterapeut",
        "role_type": "professional",
        "discipline": "miljoterapeut",
        "summary": (
            "Den oppsøkende miljøterapeuten driver oppsøkende sosialt og helsefaglig arbeid i miljøene i sentrum og "
            "følger opp innbyggere med sammensatte behov, ofte sammen med en erfaringskonsulent."
        ),
        "sections": {
            "purpose": (
                "Miljøterapeuten skal oppsøke, få kontakt med og gi hjelp til mennesker i miljøene i Oslo sentrum som "
                "har sammensatte behov og ofte liten tillit til hjelpeapparatet. "
                "Sammen med erfaringskonsulentene skal miljøterapeuten kombinere fagkunnskap og erfaringskunnskap. "
                "Det er denne kombinasjonen som gir et mer helhetlig hjelpetilbud."
            ),
            "responsibilities": (
                "- Faglig ansvar for oppsøkende feltarbeid og oppfølging i teamets miljøer.\n"
                "- Planlegge vakten sammen med erfaringskonsulenten, med klar rollefordeling og felles ansvar for "
                "sikkerheten.\n"
                "- Oppfølging av enkeltpersoner, alene eller sammen med en erfaringskonsulent.\n"
                "- Vaktrapport etter vakt, uten navn eller andre opplysninger som kan identifisere innbyggere.\n"
                "- Brobygging til andre hjelpetjenester."
            ),
            "main_tasks": (
                "- Oppsøkende feltarbeid på kveld og natt i teamets miljøer og områder.\n"
                "- Oppfølging av innbyggere: samtaler, enkel rådgivning og veiledning.\n"
                "- Motivasjonsarbeid, for eksempel før behandling eller soning.\n"
                "- Temasamlinger, workshops og guttegrupper sammen med erfaringskonsulenter.\n"
                "- Deltakelse i ansvarsgruppemøter og samarbeid med andre tjenester.\n"
                "- Fadder for nyansatte ved behov."
            ),
            "scope": (
                "Miljøterapeuten har det faglige ansvaret i oppfølgingen, men bestemmer ikke alene hvordan "
                "erfaringskonsulenten bruker sin erfaring. Det avtales i paret og tas opp i veiledningen. "
                "Vurderinger av psykisk helse og behov for henvisning drøftes med psykologen, som har hovedansvaret "
                "for dem. "
                "Miljøterapeuten er ikke leder eller veileder for erfaringskonsulenten, og gir ikke "
                "erfaringskonsulenter eller likepersoner oppgaver som ligger utenfor deres rolle. "
                "Mange fagansatte har også relevant egenerfaring, men de er ikke ansatt for å bruke den slik en "
                "erfaringskonsulent er."
            ),
            "cooperation": (
                "Miljøterapeuten går oppsøkende sammen med en erfaringskonsulent. Paret planlegger vakten sammen: "
                "roller, hvor de skal gå og hva som skjer i miljøene. "
                "Erfaringskonsulentens kunnskap om miljøet skal tas på alvor, og begge skal kunne utfordre hverandre "
                "til kritisk refleksjon. "
                "Psykologen trekkes inn ved vurderinger av psykisk helse, og sosionomen bidrar med kunnskap om "
                "rettigheter og tjenester. "
                "Teamlederen setter opp vaktplanen og bestemmer hvem som går sammen."
            ),
            "supervision": (
                "Miljøterapeuten får veiledning på det oppsøkende arbeidet og saksveiledning, individuelt eller i "
                "gruppe. "
                "Teamet reflekterer sammen over utfordringer i det oppsøkende arbeidet, for eksempel hvordan man "
                "leser situasjoner og ivaretar sikkerheten. "
                "Etter belastende hendelser på vakt snakker man med kolleger eller veileder."
            ),
            "hours": (
                "Det oppsøkende arbeidet foregår på kveld og natt etter en turnus i vaktplanen, og noen vakter går "
                "over midnatt. "
                "Arbeidet er ikke døgnet rundt. Ingen forventes å være tilgjengelig utenfor sine vakter, heller ikke "
                "på privat telefon eller i sosiale medier. "
                "Vaktplanen følger arbeidsmiljølovens regler om arbeidstid og hvile."
            ),
            "qualifications": (
                "- Relevant utdanning innen helse- og sosialfag, for eksempel barnevern, vernepleie, sosialt arbeid "
                "eller sykepleie.\n"
                "- Erfaring med oppsøkende arbeid eller med mennesker som har rusproblemer, psykiske vansker eller "
                "sammensatte behov, er en fordel.\n"
                "- Evne til å være ydmyk, lyttende og nysgjerrig i møte med miljøene.\n"
                "- Respekt for erfaringskompetanse og vilje til likeverdig samarbeid med erfaringskonsulenter.\n"
                "- Personlig egnethet vektlegges."
            ),
            "development": (
                "Det tar tid å bli trygg i rollen som oppsøker, også med faglig bakgrunn. Nyansatte får derfor en "
                "fadder og tid til opplæring. "
                "Miljøterapeuten kan prøve nye oppgaver, for eksempel HKH-kartlegginger, undervisning eller "
                "temasamlinger, så lenge det ikke går ut over kvaliteten. "
                "Kompetanseplanen avtales med teamlederen."
            ),
        },
    },
    # --- Psychologist (004:575-578, 818-822, 848-851; assessments per the brief) ---
    {
        "key": "psykolog",
        "name": "Psykolog",
        "role_type": "professional",
        "discipline": "psykolog",
        "summary": (
            "Psykologen har hovedansvaret for vurderinger av psykisk helse i tjenesten. Psykologen drøfter saker, "
            "veileder kolleger og henviser videre når det trengs."
        ),
        "sections": {
            "purpose": (
                "Psykologen skal sørge for at innbyggerne tjenesten møter, får en faglig god vurdering av sin "
                "psykiske helse og hjelp videre til riktig behandling når det trengs. "
                "Mange i målgruppen er ambivalente til behandling og terapi. Psykologen skal gjøre psykologfaglig "
                "hjelp lettere tilgjengelig ved å møte dem der de er, gjerne sammen med en erfaringskonsulent."
            ),
            "responsibilities": (
                "- Hovedansvaret for kartlegging og vurdering av psykisk helse hos innbyggere tjenesten følger opp.\n"
                "- Vurdere om det trengs videre behandling, og sørge for henvisning, selv eller gjennom fastlegen.\n"
                "- Faglig drøfting av saker med kolleger.\n"
                "- Veiledning av kolleger i psykologfaglige spørsmål.\n"
                "- Ta med erfaringskompetansen i teamet i vurderingene."
            ),
            "main_tasks": (
                "- Kartleggingssamtaler og vurderinger av psykisk helse, også ute i miljøene.\n"
                "- Første samtaler med unge, gjerne med en erfaringskonsulent til stede når det gjør samtalen "
                "tryggere.\n"
                "- Drøfting av saker i teamene, og saksveiledning.\n"
                "- Henvisning til og samarbeid med fastlege, psykisk helsevern og rusbehandling.\n"
                "- Temasamlinger om psykisk helse sammen med erfaringskonsulenter og samarbeidspartnere."
            ),
            "scope": (
                "Psykologen har hovedansvaret for vurderingene av psykisk helse, men ikke for hele oppfølgingen. Den "
                "deles med miljøterapeuter, sosionomer og erfaringskonsulenter. "
                "Hvor mye samtalebehandling psykologen gir selv, og når innbyggeren skal henvises videre, avklares i "
                "teamet og med teamlederen. "
                "Psykologen veileder ikke erfaringskonsulentene i selve rollen som erfaringskonsulent. Det er "
                "fagkonsulentens oppgave."
            ),
            "cooperation": (
                "Psykologen samarbeider tett med erfaringskonsulentene, som har et ekstra ansvar for "
                "brukerperspektivet. Psykologen tar med seg deres kunnskap om miljøet og om hvordan innbyggeren "
                "opplever hjelpeapparatet, inn i vurderingene. "
                "En ung erfaringskonsulent kan bli med på en første samtale hvis det gjør den tryggere for den som "
                "får oppfølging. "
                "Miljøterapeuter og sosionomer drøfter saker med psykologen og får veiledning når de trenger det. "
                "Teamlederen har personalansvaret."
            ),
            "supervision": (
                "Psykologen får faglig veiledning etter avtale med leder, og deltar i saksveiledning og refleksjon i "
                "teamet. "
                "Psykologen veileder selv kolleger i psykologfaglige spørsmål, men ikke i rollen som "
                "erfaringskonsulent."
            ),
            "hours": (
                "Det oppsøkende arbeidet foregår på kveld og natt etter en turnus i vaktplanen. Psykologen deltar i "
                "vaktene etter avtale, og samtaler og drøftinger legges også på dagtid. "
                "Arbeidet er ikke døgnet rundt, og ingen forventes å være tilgjengelig utenfor sine vakter eller sin "
                "arbeidstid. "
                "Arbeidstiden følger arbeidsmiljølovens regler om arbeidstid og hvile."
            ),
            "qualifications": (
                "- Autorisasjon som psykolog.\n"
                "- Erfaring med rus og psykisk helse, gjerne med unge eller med mennesker som har sammensatte "
                "behov.\n"
                "- Evne til å jobbe fleksibelt og med lav terskel, også utenfor kontoret.\n"
                "- Respekt for erfaringskompetanse og vilje til likeverdig samarbeid.\n"
                "- Personlig egnethet vektlegges."
            ),
            "development": (
                "Psykologen kan være med på å utvikle tjenestens arbeid med psykisk helse, for eksempel gjennom "
                "HKH-kartlegginger, undervisning og temasamlinger. "
                "Kompetanseplanen avtales med teamlederen og kan omfatte spesialisering. "
                "Når stillingsbeskrivelsen gjennomgås, ser man også på ansvarsdelingen mellom psykologen og de andre "
                "fagansatte."
            ),
        },
    },
    # --- Social worker (004:619-624, 753-800; discipline tasks to be confirmed by the service) ---
    {
        "key": "sosionom",
        "name": "Sosionom",
        "role_type": "professional",
        "discipline": "sosionom",
        "summary": (
            "Sosionomen følger opp innbyggere med sammensatte behov, med vekt på rettigheter, økonomi, bolig og "
            "samarbeid med andre tjenester, og driver oppsøkende arbeid sammen med erfaringskonsulenter."
        ),
        "sections": {
            "purpose": (
                "Sosionomen skal bidra til at innbyggerne får den hjelpen de har rett til, og at veien til andre "
                "tjenester blir enklere. "
                "Mange har dårlige erfaringer med hjelpeapparatet. Sammen med erfaringskonsulenten kan sosionomen "
                "gi et mer nyansert bilde av tjenestene og bygge bro til dem."
            ),
            "responsibilities": (
                "- Den sosialfaglige delen av oppfølgingen av enkeltpersoner.\n"
                "- Råd og veiledning om rettigheter og tjenester, for eksempel NAV, bolig og økonomi.\n"
                "- Samarbeid og koordinering med andre tjenester, for eksempel i ansvarsgrupper.\n"
                "- Oppsøkende arbeid på lik linje med andre fagansatte."
            ),
            "main_tasks": (
                "- Oppsøkende feltarbeid sammen med erfaringskonsulenter.\n"
                "- Samtaler, rådgivning og praktisk hjelp med søknader, økonomi og bolig.\n"
                "- Være med innbyggere på møter med NAV og andre tjenester når det trengs.\n"
                "- Forberede livet før, under og etter soning eller behandling, gjerne sammen med en "
                "erfaringskonsulent med slik erfaring.\n"
                "- Temasamlinger og workshops, for eksempel om arbeid og skole."
            ),
            "scope": (
                "Sosionomen har ansvaret for den sosialfaglige delen av oppfølgingen, men fatter ikke vedtak på "
                "vegne av NAV eller andre tjenester. "
                "Vurderinger av psykisk helse ligger hos psykologen. "
                "Sosionomen er ikke leder for erfaringskonsulenten, men en likeverdig samarbeidspartner. "
                "Hvor tett oppfølgingen skal være, avtales i teamet."
            ),
            "cooperation": (
                "På oppsøkende arbeid går sosionomen sammen med en erfaringskonsulent, og de planlegger vakten "
                "sammen. "
                "I oppfølgingen fordeles arbeidet. Erfaringskonsulenten kan jobbe bedre med enkelte temaer, for "
                "eksempel mistillit til barnevernet eller NAV. Sosionomen bringer inn kunnskap om rettigheter og om "
                "hvordan systemet fungerer. "
                "Saker som handler om psykisk helse, drøftes med psykologen. "
                "Teamlederen har personalansvaret og setter opp vaktplanen."
            ),
            "supervision": (
                "Sosionomen får veiledning på det oppsøkende arbeidet og saksveiledning, individuelt eller i gruppe. "
                "Teamet reflekterer sammen over dilemmaer i oppfølgingen og det oppsøkende arbeidet. "
                "Etter belastende hendelser på vakt snakker man med kolleger eller veileder."
            ),
            "hours": (
                "Det oppsøkende arbeidet foregår på kveld og natt etter en turnus i vaktplanen, og noen vakter går "
                "over midnatt. Møter med andre tjenester legges ofte på dagtid. "
                "Arbeidet er ikke døgnet rundt. Ingen forventes å være tilgjengelig utenfor sine vakter, heller ikke "
                "på privat telefon eller i sosiale medier. "
                "Vaktplanen følger arbeidsmiljølovens regler om arbeidstid og hvile."
            ),
            "qualifications": (
                "- Bachelor i sosialt arbeid (sosionom).\n"
                "- Kunnskap om velferdsrettigheter, NAV, bolig og økonomi.\n"
                "- Erfaring med oppfølging av mennesker med rusproblemer eller sammensatte behov er en fordel.\n"
                "- Respekt for erfaringskompetanse og vilje til likeverdig samarbeid.\n"
                "- Personlig egnethet vektlegges."
            ),
            "development": (
                "Nyansatte får en fadder og tid til opplæring. "
                "Sosionomen kan være med på HKH-kartlegginger, undervisning for sosionomstudenter og "
                "tjenesteutvikling. "
                "Kompetanseplanen avtales med teamlederen, for eksempel med videreutdanning i rus og psykisk helse."
            ),
        },
    },
    # --- Team leader (004:455-460, 730-740, 1158-1170, 1196-1199, 1262-1311; sign-off per issue 6) ---
    {
        "key": "teamleder",
        "name": "Teamleder",
        "role_type": "professional",
        "discipline": None,
        "summary": (
            "Teamlederen leder ett av seksjonens fire team, har personalansvar, setter opp vaktplanen med par av "
            "erfaringskonsulenter og fagansatte, og godkjenner stillingsbeskrivelsene."
        ),
        "sections": {
            "purpose": (
                "Teamlederen skal sørge for at teamet gir et godt og trygt tilbud i sine miljøer, og at fag- og "
                "erfaringskompetanse brukes sammen og likeverdig. "
                "Teamlederen skal gi alle roller tydelige rammer og forventninger. Dialogen i teamet skal være slik "
                "at det er trygt å ta opp utfordringer."
            ),
            "responsibilities": (
                "- Personalansvar for teamets ansatte, også erfaringskonsulenter og likepersoner.\n"
                "- Vaktplan og turnus, innenfor arbeidsmiljøloven og avtalene som gjelder.\n"
                "- Sammensetting av par på vakt: en erfaringskonsulent går alltid sammen med en fagansatt.\n"
                "- Godkjenning av stillingsbeskrivelser, som teamlederen signerer sammen med den ansatte.\n"
                "- Tilrettelegging i perioder der en ansatt trenger det.\n"
                "- Rekruttering til teamet, sammen med HR."
            ),
            "main_tasks": (
                "- Sette opp vaktplanen og parene, og ta hensyn til personer og steder en erfaringskonsulent har "
                "behov for å unngå.\n"
                "- Nyansattsamtaler etter to og fem måneder, og medarbeidersamtaler.\n"
                "- Gå gjennom stillingsbeskrivelser med den ansatte til fastsatt tid, og svare på forslag til "
                "endringer.\n"
                "- Kartlegge hvilken erfaringskompetanse teamet trenger, og i hvilket miljø, før en stilling lyses "
                "ut.\n"
                "- Lese vaktrapporter og sørge for samtale i etterkant av krevende hendelser.\n"
                "- Sørge for at nyansatte får fadder og opplæring."
            ),
            "scope": (
                "Teamlederen har personalansvaret, men veileder ikke erfaringskonsulentene i rollen. "
                "Veiledningen er taushetsbelagt. Teamlederen får bare vite det veileder og erfaringskonsulent sammen "
                "har blitt enige om å ta videre. "
                "Teamlederen skriver ikke den individuelle delen av en stillingsbeskrivelse alene. Den utformes "
                "sammen med den ansatte. "
                "Den felles rammen for rollene endres bare av leder eller HR."
            ),
            "cooperation": (
                "Teamlederen samarbeider med fagkonsulenten om nyansatte erfaringskonsulenter og om behov for "
                "tilrettelegging, på den måten erfaringskonsulenten og veileder har avtalt. "
                "HR bistår med rekruttering og personaldata. Erfaringskonsulentene tas med på råd i "
                "ansettelsesprosesser. "
                "Teamlederen samarbeider med de andre teamlederne og seksjonslederen om vakter og ressurser på tvers "
                "av teamene."
            ),
            "supervision": (
                "Teamlederen får lederstøtte og veiledning etter avtale med seksjonslederen. "
                "Teamlederen deltar i refleksjonen i teamet og sørger for at alle ansatte får veiledning, og at "
                "erfaringskonsulentene og likepersonene får det utvidede tilbudet."
            ),
            "hours": (
                "Teamlederen arbeider i hovedsak på dagtid, og er med på kveldsvakter etter avtale for å følge det "
                "oppsøkende arbeidet. "
                "Teamet går kveld og natt i turnus, men arbeidet er ikke døgnet rundt. Ingen i teamet, heller ikke "
                "teamlederen, forventes å være tilgjengelig utenfor sin arbeidstid. "
                "Tjenestens rutiner beskriver hvordan de som er på vakt, får tak i en leder ved alvorlige hendelser."
            ),
            "qualifications": (
                "- Relevant høyere utdanning innen helse- og sosialfag.\n"
                "- Erfaring fra oppsøkende arbeid eller fra arbeid med rus, psykisk helse eller unge.\n"
                "- Ledererfaring er en fordel.\n"
                "- Kunnskap om og engasjement for erfaringskompetanse.\n"
                "- Evne til å skape trygghet, tydelige rammer og god dialog."
            ),
            "development": (
                "Teamlederen kan delta i lederutvikling, og kompetanseplanen avtales med seksjonslederen. "
                "Teamlederen har et særlig ansvar for at erfaringskompetansen er forankret i hele teamet og ikke "
                "bare i ledelsen, og for å løfte frem likeverd mellom rollene."
            ),
        },
    },
    # --- Fagkonsulent for ECs (004:1051-1135, 1180-1188, 1374-1383) ---
    {
        "key": "fagkonsulent_ek",
        "name": "Fagkonsulent for erfaringskonsulentene",
        "role_type": "professional",
        "discipline": None,
        "summary": (
            "Fagkonsulenten har veiledning av erfaringskonsulentene som hovedoppgave, individuelt og i gruppe. "
            "Fagkonsulenten driver også nettverket for erfaringskonsulenter og støtter rekrutteringen av dem."
        ),
        "sections": {
            "purpose": (
                "Fagkonsulenten skal sørge for at erfaringskonsulentene er trygge i rollen som ressurs og "
                "kunnskapsformidler, og at de bruker egne erfaringer på en hensiktsmessig måte. "
                "Stillingen finnes fordi god og regelmessig veiledning er avgjørende for erfaringskonsulenter, som "
                "ofte er få, eller alene, i sin rolle. "
                "For mange er dette deres første jobb som erfaringskonsulent, og kanskje deres første møte med "
                "arbeidslivet."
            ),
            "responsibilities": (
                "- Hovedansvaret for veiledningen av erfaringskonsulentene, individuelt og i gruppe.\n"
                "- Sørge for at veiledningen skjer regelmessig og ikke bare når noe har skjedd.\n"
                "- Drift av nettverket for erfaringskonsulenter.\n"
                "- Faglig støtte i rekrutteringen av erfaringskonsulenter.\n"
                "- Ekstra veiledning for unge erfaringskonsulenter og likepersoner."
            ),
            "main_tasks": (
                "- Individuell veiledning om egne grenser, triggere, selvivaretakelse og bruk av egen historie "
                "(personlig, ikke privat).\n"
                "- Gruppeveiledning om etiske dilemmaer, særlig ved arbeid i et miljø man selv har vært en del av.\n"
                "- Formelle og uformelle treff i nettverket for erfaringskonsulenter, og felles "
                "kompetanseheving.\n"
                "- Være med på å utforme utlysninger og gjennomføre intervjuer med tjenestens egne intervjuguider "
                "for erfaringskonsulenter, og drøfte forventninger til bruk av erfaringskompetansen med "
                "kandidatene.\n"
                "- Støtte nye erfaringskonsulenter i arbeidet med sin egen stillingsbeskrivelse.\n"
                "- Bidra til at fagansatte forstår og verdsetter erfaringskompetanse."
            ),
            "scope": (
                "Det som tas opp i veiledningen, er taushetsbelagt. Skal noe videre, for eksempel til teamleder "
                "eller bedriftshelsetjenesten, avgjør fagkonsulenten og erfaringskonsulenten sammen hvordan. "
                "Fagkonsulenten har ikke personalansvar og bestemmer ikke over vakter eller tilrettelegging. Det "
                "gjør teamlederen. "
                "Veiledningen skal ikke brukes til kontroll eller vurdering av den ansatte."
            ),
            "cooperation": (
                "Fagkonsulenten samarbeider med teamlederne om rammene for erfaringskonsulentenes arbeid, uten å "
                "dele innhold fra veiledningen. "
                "Sammen med HR og teamleder bidrar fagkonsulenten i rekrutteringen av erfaringskonsulenter. "
                "Fagkonsulenten samarbeider også med fagansatte som går sammen med erfaringskonsulenter, for "
                "eksempel om refleksjon rundt vaktene."
            ),
            "supervision": (
                "Fagkonsulenten får selv veiledning på veiledningsarbeidet etter avtale med leder. "
                "Mange erfaringskonsulenter savner veiledning fra noen som kjenner rollen. Derfor er det viktig at "
                "fagkonsulenten har god kunnskap om erfaringskompetanse og holder den ved like."
            ),
            "hours": (
                "Arbeidstiden er i hovedsak på dagtid. Veiledning og nettverkstreff legges slik at "
                "erfaringskonsulenter som går kveld og natt, kan delta i sin arbeidstid. "
                "Fagkonsulenten kan være med på vakter etter avtale for å kjenne det oppsøkende arbeidet. "
                "Arbeidet er ikke døgnet rundt, og ingen forventes å være tilgjengelig utenfor sin arbeidstid."
            ),
            "qualifications": (
                "- Relevant høyere utdanning innen helse- og sosialfag, gjerne med videreutdanning i veiledning.\n"
                "- God kjennskap til erfaringskompetanse og til rollen som erfaringskonsulent, gjerne også egen "
                "erfaringskompetanse.\n"
                "- Erfaring med oppsøkende arbeid eller med arbeid innen rus og psykisk helse.\n"
                "- Evne til å skape trygghet, og til både å støtte og utfordre."
            ),
            "development": (
                "Fagkonsulenten holder seg oppdatert på forskning og erfaringer om erfaringskompetanse og "
                "veiledning, og utvikler tjenestens veiledningstilbud. "
                "Kompetanseplanen avtales med leder. "
                "Fagkonsulenten bidrar til at tjenestens erfaringer deles med andre tjenester."
            ),
        },
    },
    # --- HR (004:1150-1153, 1180-1188, 1383-1418; privacy per DOMAIN.md) ---
    {
        "key": "hr",
        "name": "HR-rådgiver",
        "role_type": "administrative",
        "discipline": None,
        "summary": (
            "HR-rådgiveren har ansvar for rekrutteringsprosessen, søkerlisten og personaldata, og for at søkernes "
            "opplysninger slettes når de ikke lenger trengs."
        ),
        "sections": {
            "purpose": (
                "HR-rådgiveren skal sørge for at rekruttering og personalforvaltning i seksjonen er ryddig, "
                "rettferdig og i tråd med regelverket. "
                "For erfaringskonsulenter skal HR bidra til at stillingene er tydelige, faste og minst 50 prosent, "
                "og at opplysninger om egenerfaring behandles med særlig varsomhet."
            ),
            "responsibilities": (
                "- Rekrutteringsprosessen: utlysning, innkalling til intervju, referanser og tilbud.\n"
                "- Søkerlisten, og vurdering av søknader om å bli unntatt fra den offentlige søkerlisten.\n"
                "- Personaldata: arbeidsavtaler, stillingsprosent og ansettelsesform.\n"
                "- Sletting av søkernes opplysninger når de ikke lenger trengs.\n"
                "- Malene for stillingsbeskrivelser, sammen med lederne."
            ),
            "main_tasks": (
                "- Skrive utlysningsteksten sammen med teamlederen, med utgangspunkt i stillingsbeskrivelsen og i "
                "kartleggingen av hvilken erfaringskompetanse teamet trenger.\n"
                "- Sette opp søkerlisten og holde oversikt over søkerne gjennom prosessen.\n"
                "- Legge til rette for intervjuer og referanseinnhenting etter den ordinære prosessen, med egne "
                "intervjuguider for erfaringskonsulenter.\n"
                "- Registrere og oppdatere personaldata og arbeidsavtaler.\n"
                "- Slette søkernes opplysninger etter tjenestens slettefrister.\n"
                "- Bistå når en stilling omgjøres, for eksempel når en erfaringskonsulent kvalifiserer seg som "
                "miljøterapeut."
            ),
            "scope": (
                "HR har tilgang til de personaldataene oppgavene krever, men ikke til innholdet i veiledningen. "
                "Opplysninger om egenerfaring kan være helseopplysninger eller andre sensitive personopplysninger. "
                "De skal bare brukes der rekrutteringen krever det. "
                "HR vurderer ikke den personlige egnetheten alene. Det gjøres sammen med teamlederen, og "
                "erfaringskonsulenter tas med på råd. "
                "HR-rådgiveren går ikke oppsøkende."
            ),
            "cooperation": (
                "HR samarbeider med teamlederne om utlysninger, ansettelser, stillingsbeskrivelser og personalsaker. "
                "Sammen med fagkonsulenten sørger HR for at intervjuguidene for erfaringskonsulenter blir brukt og "
                "tilpasset hver kandidat. "
                "Det er bare HR og leder som kan endre den felles rammen i malene for stillingsbeskrivelser."
            ),
            "supervision": (
                "HR-rådgiveren får faglig oppfølging og veiledning etter avtale med nærmeste leder. "
                "HR-rådgiveren kan delta i refleksjon om rekruttering av erfaringskonsulenter sammen med "
                "fagkonsulenten."
            ),
            "hours": (
                "Arbeidstiden er ordinær dagtid, og HR-rådgiveren går ikke i turnus. "
                "Arbeidet er ikke døgnet rundt, og ingen forventes å være tilgjengelig utenfor arbeidstiden. "
                "Møter og frister legges slik at ansatte som går kveld og natt, kan delta i sin egen arbeidstid."
            ),
            "qualifications": (
                "- Relevant høyere utdanning, for eksempel innen HR, personalledelse, jus eller administrasjon.\n"
                "- Kunnskap om arbeidsrett, ansettelser i offentlig sektor og personvern.\n"
                "- Erfaring med rekruttering.\n"
                "- Forståelse for erfaringskompetanse, og for hvorfor personlig egnethet er avgjørende i disse "
                "stillingene.\n"
                "- Nøyaktighet og diskresjon."
            ),
            "development": (
                "HR-rådgiveren holder seg oppdatert på arbeidsrett, personvern og arbeidstidsregler. "
                "Kompetanseplanen avtales med leder og kan omfatte rekruttering av erfaringskonsulenter, for "
                "eksempel PRIOS' sjekkliste for ansettelse av erfaringskonsulenter."
            ),
        },
    },
]


# Demo only: the individual part of one (fictitious) person's description per role.
INDIVIDUAL_EXAMPLES: dict[str, str] = {
    "ec": (
        "Har egenerfaring fra barnevern og rusbehandling, og bruker den særlig i møte med unge som har mistillit "
        "til barnevernet. "
        "Jobber mest i Unge voksne-teamet og går hovedsakelig i miljøer som er kjent fra eget liv. Noen steder "
        "unngås etter avtale med teamlederen. "
        "Har mindre ansvar i oppfølgingen det første halvåret, og deltar sammen med en fagansatt i utvalgte saker. "
        "Ønsker å utvikle temasamlinger for ungdom, og tar i år et kurs i samtaleteknikk."
    ),
    "peer": (
        "Deltar i ressursgruppen til Mindreårige-teamet og på workshops på ungdomsskoler. "
        "Tar vanligvis to til tre kveldsvakter i måneden, avtalt på forhånd og tilpasset skolen. "
        "Ønsker å lære å lede deler av en temasamling selv. "
        "Deltar ikke i oppfølgingsarbeid."
    ),
    "miljoterapeut": (
        "Jobber i teamet Voksne i det åpne rusmiljøet og går som regel sammen med den samme erfaringskonsulenten. "
        "Er fadder for en nyansatt erfaringskonsulent det første halvåret. "
        "Har et særlig ansvar for samarbeidet med lavterskel helsetilbud i området. "
        "Ønsker videreutdanning i rus og psykisk helse."
    ),
    "psykolog": (
        "Deler tiden mellom teamene Mindreårige og Unge voksne, med fast tid til drøfting i hvert team hver uke. "
        "Har ansvar for tjenestens temasamlinger om psykisk helse, sammen med en erfaringskonsulent. "
        "Er under spesialisering, og veiledningen i spesialiseringen er avtalt med leder."
    ),
    "sosionom": (
        "Jobber i Vaterland-teamet, med vekt på bolig og økonomi. "
        "Er teamets kontaktperson mot NAV og deltar i ansvarsgruppemøter. "
        "Ønsker å være med i neste HKH-kartlegging."
    ),
    "teamleder": (
        "Leder teamet Unge voksne og har ansvar for vaktplanen for teamets kvelds- og nattevakter. "
        "Har i år et særlig ansvar for å innføre faste gjennomganger av stillingsbeskrivelsene til nyansatte "
        "erfaringskonsulenter. "
        "Er med på én kveldsvakt i måneden for å følge det oppsøkende arbeidet."
    ),
    "fagkonsulent_ek": (
        "Veileder seksjonens erfaringskonsulenter individuelt og leder gruppeveiledningen hver måned. "
        "Har ansvar for nettverkstreffene for erfaringskonsulenter. "
        "Er med i intervjuene ved neste utlysning av en erfaringskonsulentstilling. "
        "Ønsker videreutdanning i veiledning."
    ),
    "hr": (
        "Har ansvar for rekrutteringene i seksjonen og for å holde malene for stillingsbeskrivelser oppdatert. "
        "Følger opp at søkernes opplysninger slettes når prosessen er avsluttet. "
        "Ønsker å lære mer om intervjuer med kandidater til stillinger som erfaringskonsulent."
    ),
}


# Shown on the review page (research/seed003.md; 004:1333-1356).
REVIEW_NOTE: str = (
    "En stillingsbeskrivelse er ikke ferdig når den er signert. Rollen må forhandles på nytt med jevne mellomrom. "
    "Forskning på erfaringskonsulenter tyder på at de første seks månedene er de mest krevende, og at de fleste "
    "problemene med rollen kommer i starten, når rollen er ny både for den ansatte og for kollegene. "
    "For en nyansatt erfaringskonsulent gjennomgås beskrivelsen derfor etter to og etter seks måneder, og "
    "deretter én gang i året. "
    "Bruk gjennomgangen til å se på hva som fungerer, hvilke oppgaver som bør endres, og om rammene er for stramme "
    "eller for åpne. Er de for stramme, blir erfaringskompetansen ikke godt nok brukt. Er de for åpne, blir både "
    "den ansatte og kollegene usikre på forventningene. "
    "Den ansatte foreslår endringer i den individuelle delen, lederen godkjenner eller kommenterer, og begge "
    "signerer den nye versjonen."
)
