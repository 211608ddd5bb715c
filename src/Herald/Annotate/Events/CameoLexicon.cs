namespace Herald.Annotate.Events;

/// <summary>
/// Herald's CAMEO verb lexicon, written by hand from the public CAMEO codebook's event descriptions (Schrodt, CAMEO
/// 1.1b3): for each event code, the verbs and verb phrases English news uses for it, with the code's Goldstein score.
/// Pattern syntax: words separated by spaces; the first word is a verb lemma (inflected automatically); "*" lets up to
/// five words (the target, usually) stand between; other words must appear as written (a trailing "s" is optional on
/// nouns); a leading "%" marks a reciprocal event, so a compound subject with no object acts on itself ("Egypt and
/// Jordan signed a treaty"). Longer patterns win over shorter ones at the same position.
/// </summary>
internal static class CameoLexicon
{
    // code|goldstein|patterns
    public const string Data = """
011|-0.1|decline comment;refuse comment;decline * comment
012|-0.4|voice pessimism;express pessimism
013|0.4|express optimism;voice optimism;voice hope;express hope
014|0.0|consider;weigh;mull;contemplate
015|0.0|claim responsibility;acknowledge responsibility;admit responsibility;take responsibility
016|-2.0|deny responsibility;deny involvement;deny * responsibility;deny * involvement;deny
018|3.4|express condolence;offer condolence;send condolence;express sympathy;offer sympathy;mourn
019|3.4|agree with;side with;share * view
020|3.0|appeal to;appeal for;call on;call upon;plead with;request;ask * for
021|3.4|seek * cooperation;appeal for * cooperation;call for * investment;seek * trade
022|3.4|seek * support;call for * talks;seek * recognition
023|3.4|appeal for aid;appeal for help;seek aid;seek help;request aid;request help;ask * for aid;ask * for help;seek * assistance;request * assistance
024|-0.3|call for reform;demand reform;urge * reform;call for * elections;call for * release
026|4.0|urge * to negotiate;call for negotiation;call for dialogue;urge * to meet;invite * to talks;urge * to talk
027|4.0|urge * to settle;call for * settlement;urge * to resolve
028|4.0|ask * to mediate;call for mediation
030|4.0|pledge to cooperate;promise to cooperate;offer to cooperate;intend to cooperate;vow to cooperate
031|5.2|offer * trade;pledge * investment;promise * investment;offer * investment;offer * loan
032|4.5|offer * support;pledge * support;promise * support;vow * support;offer to help;pledge * backing
033|5.2|pledge * aid;promise * aid;offer * aid;pledge * assistance;promise * assistance;offer * assistance;pledge * million;offer * relief
034|6.5|promise * reform;pledge * reform;vow * reform;promise * elections
035|5.0|offer to withdraw;promise to withdraw;pledge to withdraw;offer * concession;promise to release;offer to release
036|4.0|offer to meet;%agree to meet;%agree to talk;%agree to negotiate;offer to negotiate;propose * talks;propose * meeting;plan to meet;invite;accept * invitation
037|5.0|offer to settle;agree to settle;propose * settlement
038|6.0|accept mediation;agree to mediation
039|5.0|offer to mediate
040|1.0|consult;confer with;%hold talks;%hold consultations;%discuss;%hold * talks;talk with;talk to;meet * to discuss
041|1.0|phone;telephone;call * by telephone;speak by telephone;speak * by phone;talk * by phone
042|1.9|visit;travel to;arrive in;fly to;tour
043|2.8|host;welcome;receive * delegation;receive * visit
044|2.5|meet in;meet at
045|5.0|mediate;broker
046|7.0|%negotiate;%hold negotiations;bargain with
050|3.5|cooperate with;work with;collaborate with;establish * relations;normalize * relations;normalise * relations
051|3.4|praise;hail;commend;applaud;laud;congratulate;endorse;thank;salute;compliment;welcome * decision;welcome * move
052|3.5|defend;justify;stand by
053|3.8|rally support;rally behind;rally around;back;support
054|7.5|recognize;recognise;grant * recognition;restore * ties;restore * relations;resume * ties;resume * relations;restore diplomatic relations
055|3.5|apologize;apologise;apologize to;express regret
056|7.0|forgive;pardon
057|8.0|%sign * agreement;%sign * accord;%sign * treaty;%sign * deal;%sign * pact;sign * memorandum;conclude * agreement;conclude * treaty;ratify;reach * agreement;reach * deal;agree on * deal
061|6.4|trade with;invest in;open * market
062|7.4|hold * joint exercise;conduct * joint exercise;train * troops;hold * military exercise
063|7.4|extradite;hand over * suspect;cooperate * investigation
064|7.0|share * intelligence;share * information;exchange * intelligence
070|7.0|provide;give;grant;donate;deliver * aid
071|7.4|lend;loan;give * loan;provide * loan;grant * loan;provide * funding;give * million;grant * credit
072|8.3|arm;supply * weapons;send * weapons;provide * weapons;deliver * weapons;sell * arms;supply * arms
073|7.4|send * aid;deliver * relief;airlift * food;send * food;provide * humanitarian;send * medicine;provide * shelter;evacuate
074|8.5|deploy * peacekeeper;send * peacekeeper;protect
075|7.0|grant * asylum;give * asylum;offer * asylum
081|5.0|lift * curfew;ease * restriction;lift * restriction;lift * state of emergency;reopen * border
082|5.0|legalize;legalise;allow * protest;lift * ban
083|5.0|accede to;grant * autonomy;hold * election;enact * reform
084|7.0|release;free;return;repatriate;hand back;set free;let go
085|7.0|lift * sanction;ease * sanction;end * embargo;lift * embargo
086|9.0|allow * inspector;admit * inspector;let * inspector;allow * monitor;accept * peacekeeper
087|9.0|withdraw;pull out;pull back;retreat;agree to * ceasefire;declare * ceasefire;declare * truce;observe * ceasefire;demobilize;disarm;end * blockade
090|-2.0|investigate;probe;examine;inquire into;look into;launch * investigation;open * investigation;launch * probe;open * probe
091|-2.0|investigate * corruption;probe * corruption;investigate * fraud
092|-2.0|investigate * abuses;investigate * rights
094|-2.0|investigate * war crimes;probe * war crimes
100|-5.0|demand;insist on
101|-5.0|demand * aid;demand * compensation;demand * payment
102|-5.0|demand * apology;demand * explanation;demand * recognition;demand * talks
104|-5.0|demand * reform;demand * resignation;demand * elections;demand * step down;call for * resignation
106|-5.0|demand * withdraw;demand * withdrawal;demand * pull out;call for * withdrawal;urge * to withdraw
107|-5.0|demand * ceasefire;call for * ceasefire;urge * ceasefire
108|-5.0|demand * meeting;demand * negotiations
110|-2.0|disapprove;object to;express concern;voice concern;raise concern;frown on
111|-2.0|criticize;criticise;condemn;denounce;deride;slam;blast;lambaste;rebuke;castigate;decry;deplore;censure;scold;chastise;berate;attack * statement;attack * policy;assail;ridicule;mock;question;challenge;chide
112|-2.0|accuse;blame;charge;allege;hold * responsible;point * finger
113|-2.0|rally opposition;rally * against;mobilize * against
114|-2.0|complain;lodge * complaint;file * complaint;protest to;summon * ambassador;summon * envoy
115|-2.0|sue;file * lawsuit;take * to court;bring * lawsuit;indict;prosecute
116|-2.0|convict;sentence;find * guilty
120|-4.0|reject;rebuff;dismiss;spurn;repudiate;turn down;brush aside;snub
121|-4.0|reject * cooperation;reject * trade
122|-4.0|reject * aid;refuse * aid;reject * request for aid
123|-4.0|reject * reform;refuse * reform
124|-5.0|refuse to release;refuse to withdraw;refuse to step down;refuse to yield;refuse to resign;refuse to surrender
125|-5.0|reject * talks;refuse to meet;refuse to negotiate;reject * negotiation;reject * invitation;rule out * talks;cancel * talks
127|-5.0|reject * plan;reject * proposal;reject * agreement;reject * deal;reject * accord;reject * resolution;reject * offer
128|-5.0|defy;violate;flout;breach
129|-5.0|veto;block * resolution
130|-4.4|threaten;warn;menace
131|-5.8|threaten * sanction;threaten to cut;threaten to suspend
138|-7.0|threaten * attack;threaten * war;threaten * military;threaten to invade;threaten to strike;threaten to bomb;threaten * force
139|-7.0|give * ultimatum;issue * ultimatum
140|-6.5|protest;rally against;march against
141|-6.5|demonstrate;march;rally
142|-6.5|go on hunger strike;stage * hunger strike
143|-6.5|strike;boycott;walk out;go on strike;stage * strike
144|-7.5|block;blockade * road;barricade;obstruct
145|-7.5|riot;clash with;torch
150|-7.2|mass * troops;deploy;station;patrol;put * on alert
152|-7.2|raise * alert;go on alert;place * on alert
154|-7.2|mobilize;mobilise;call up * reservist;mobilize * troops;send * troops;deploy * troops;amass * troops
160|-4.0|downgrade * relations;reduce * ties;scale back * relations;freeze * relations
161|-4.0|sever * ties;sever * relations;break * ties;break * relations;break off * relations;cut * ties;recall * ambassador;close * embassy
162|-5.6|cut * aid;suspend * aid;halt * aid;withhold * aid;freeze * aid;stop * aid
163|-8.0|impose * sanction;impose * embargo;sanction;embargo;boycott * goods;slap * sanction
164|-7.0|suspend * talks;halt * talks;break off * talks;walk out of * talks;pull out of * talks;call off * talks
166|-7.0|expel * diplomat;expel * ambassador;withdraw * ambassador;expel * observer;expel * inspector
170|-7.0|coerce;force;pressure
171|-9.2|seize;confiscate;demolish;destroy;raze;loot;bulldoze;burn;vandalize
172|-5.0|ban;outlaw;impose * curfew;declare * state of emergency;suspend;revoke;censor
173|-5.0|arrest;detain;jail;imprison;apprehend;round up;capture;take * into custody;nab
174|-5.0|deport;expel;extradite * to
175|-9.0|crack down on;crack down;suppress;repress;torture;persecute;break up * protest;disperse;tear gas
180|-9.0|assault;attack;raid;storm;ambush
181|-9.0|kidnap;abduct;hijack;take * hostage;seize * hostage
182|-9.5|beat;wound;injure;stab;rape;torture;lynch
183|-10.0|bomb * car;detonate;blow up;set off * bomb;suicide bomb;explode * bomb
185|-8.0|attempt to assassinate;try to assassinate
186|-10.0|assassinate;murder;execute;kill;behead;slay;gun down;shoot dead
190|-10.0|%fight;invade;wage * war;launch * offensive;launch * attack;use force
191|-9.5|blockade;besiege;lay siege
192|-9.5|occupy;annex;capture * territory;seize * territory;take control of;overrun
193|-10.0|shoot;fire on;open fire;gun;shoot at;exchange fire
194|-10.0|shell;bombard;pound;fire * rocket;fire * missile;fire * mortar;launch * rocket;launch * missile
195|-10.0|strike;bomb;airstrike;launch * airstrike;carry out * airstrike;conduct * airstrike;launch * air strike
196|-9.5|violate * ceasefire;break * ceasefire;breach * ceasefire;violate * truce
201|-9.5|expel * thousands;drive out * population
202|-10.0|massacre;slaughter;exterminate
203|-10.0|ethnically cleanse
204|-10.0|gas;use * chemical weapons;use * nuclear;drop * nuclear
""";

    // Irregular verb forms the automatic inflection would get wrong.
    public const string Irregular = """
meet met met
say said said
tell told told
send sent sent
give gave given
hold held held
make made made
take took taken
fight fought fought
seek sought sought
bring brought brought
strike struck struck
shoot shot shot
lead led led
keep kept kept
sell sold sold
break broke broken
withdraw withdrew withdrawn
forgive forgave forgiven
speak spoke spoken
throw threw thrown
beat beat beaten
fly flew flown
lay laid laid
drive drove driven
find found found
stand stood stood
put put put
cut cut cut
set set set
let let let
blow blew blown
lend lent lent
slay slew slain
go went gone
undertake undertook undertaken
stab stabbed stabbed
ban banned banned
plan planned planned
rebuff rebuffed rebuffed
""";
}
