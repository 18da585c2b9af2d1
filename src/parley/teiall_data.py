"""What TEI P5 4.12.0 itself defines, for the validator's messages (see :mod:`parley.teiall`).

Generated from tei_all.rng by `python -m parley.teiall PATH/tei_all.rng`: do not edit.
"""

RELEASE = '4.12.0'

#: Every element of TEI P5.
ELEMENTS = frozenset(
    """
    TEI ab abbr abstract accMat acquisition activity actor add addName addSpan additional additions
    addrLine address adminInfo affiliation age alt altGrp altIdent altIdentifier alternate am
    analytic anchor annotation annotationBlock anyElement app appInfo application arc argument att
    attDef attList attRef author authority availability back bibl biblFull biblScope biblStruct
    bicond binary binaryObject binding bindingDesc birth bloc body broadcast byline c cRefPattern
    caesura calendar calendarDesc camera caption case castGroup castItem castList catDesc catRef
    catchwords category cb cell certainty change channel char charDecl choice cit citeData
    citeStructure citedRange cl classCode classDecl classRef classSpec classes climate closer code
    collation collection colloc colophon cond condition constitution constraint constraintDecl
    constraintSpec content conversion corr correction correspAction correspContext correspDesc
    country creation custEvent custodialHist damage damageSpan dataFacet dataRef dataSpec datatype
    date dateline death decoDesc decoNote def default defaultVal del delSpan depth derivation desc
    dictScrap dim dimensions distinct distributor district div div1 div2 div3 div4 div5 div6 div7
    divGen docAuthor docDate docEdition docImprint docTitle domain eLeaf eTree edition editionStmt
    editor editorialDecl education eg elementRef elementSpec ellipsis email emph empty encodingDesc
    entry entryFree epigraph epilogue equipment equiv etym event eventName ex exemplum expan
    explicit extent f fDecl fDescr fLib facsimile factuality faith figDesc figure fileDesc filiation
    finalRubric floatingText floruit foliation foreign forename forest form formula front fs
    fsConstraints fsDecl fsDescr fsdDecl fsdLink funder fvLib fw g gap gb gen genName gender geo
    geoDecl geogFeat geogName gi gloss glyph gram gramGrp graph graphic group handDesc handNote
    handNotes handShift head headItem headLabel height heraldry hi history hom hyph hyphenation
    iNode iType ident idno if iff imprimatur imprint incident incipit index institution interaction
    interleave interp interpGrp interpretation item join joinGrp keywords kinesic l label lacunaEnd
    lacunaStart lang langKnowledge langKnown langUsage language layout layoutDesc lb lbl leaf lem lg
    licence line link linkGrp list listAnnotation listApp listBibl listChange listEvent listForest
    listNym listObject listOrg listPerson listPlace listPrefixDef listRef listRelation listTranspose
    listWit localProp locale location locus locusGrp m macroRef macroSpec mapping material measure
    measureGrp media meeting memberOf mentioned metDecl metSym metamark milestone mod model modelGrp
    modelSequence moduleRef moduleSpec monogr mood move msContents msDesc msFrag msIdentifier msItem
    msItemStruct msName msPart musicNotation name nameLink namespace nationality node normalization
    notatedMusic note noteGrp notesStmt num number numeric nym oRef object objectDesc
    objectIdentifier objectName objectType occupation offset opener org orgName orig origDate
    origPlace origin orth outputRendition p pRef param paramList paramSpec particDesc path pause pb
    pc per performance persName persPronouns person personGrp persona phr physDesc place placeName
    population pos post postBox postCode postscript precision prefixDef preparedness principal
    profileDesc projectDesc prologue pron provenance ptr pubPlace publicationStmt publisher
    punctuation purpose q quotation quote rb rdg rdgGrp recordHist recording recordingStmt redo ref
    refState refsDecl reg region relatedItem relation remarks rendition repository residence resp
    respStmt respons restore retrace revisionDesc rhyme role roleDesc roleName root row rs rt rubric
    ruby s said salute samplingDecl schemaRef schemaSpec scriptDesc scriptNote scriptStmt seal
    sealDesc secFol secl seg segmentation sense sequence series seriesStmt set setting settingDesc
    settlement sex shift sic signatures signed soCalled socecStatus sound source sourceDesc
    sourceDoc sp spGrp space span spanGrp speaker specDesc specGrp specGrpRef specList sponsor stage
    stamp standOff state stdVals street stress string styleDefDecl subc subst substJoin summary
    superEntry supplied support supportDesc surface surfaceGrp surname surplus surrogates syll
    symbol table tag tagUsage tagsDecl taxonomy tech teiCorpus teiHeader term terrain text textClass
    textDesc textLang textNode then time timeline title titlePage titlePart titleStmt tns trailer
    trait transcriptionDesc transpose tree triangle typeDesc typeNote u unclear undo unicodeProp
    unihanProp unit unitDecl unitDef usg vAlt vColl vDefault vLabel vMerge vNot vRange val valDesc
    valItem valList variantEncoding view vocal w watermark when width wit witDetail witEnd witStart
    witness writing xenoData xr zone
    """.split()
)

#: The attributes TEI defines on every element (att.global).
GLOBAL_ATTRIBUTES = frozenset(
    """
    ana cert change copyOf corresp exclude facs n next prev rend rendition resp sameAs select source
    style synch xml:base xml:id xml:lang xml:space
    """.split()
)

#: The other attributes TEI defines on each element of parley's customization.
ATTRIBUTES = {
    'TEI': 'subtype type version',
    'abbr': 'generatedBy subtype type',
    'abstract': '',
    'affiliation': 'datingMethod datingPoint evidence from from-custom from-iso generatedBy instant key notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso nymRef period ref role subtype to to-custom to-iso type when when-custom when-iso',
    'appInfo': '',
    'application': 'datingMethod datingPoint from from-custom from-iso ident notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso period subtype to to-custom to-iso type version when when-custom when-iso',
    'att': 'scheme',
    'availability': 'default status',
    'bibl': 'default generatedBy key ref sortKey status subtype type',
    'biblScope': 'from to unit',
    'birth': 'atLeast atMost confidence datingMethod datingPoint evidence extent from from-custom from-iso instant key max min notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso nymRef period precision quantity ref role scope subtype to to-custom to-iso type unit when when-custom when-iso where',
    'body': 'decls',
    'catDesc': 'key ref',
    'catRef': 'evaluate scheme target targetLang',
    'category': 'datcat targetDatcat valueDatcat',
    'certainty': 'assertedValue degree given locus match subtype target type',
    'change': 'datingMethod datingPoint from from-custom from-iso notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso period status subtype target to to-custom to-iso type when when-custom when-iso who',
    'choice': 'generatedBy',
    'citeStructure': 'delim match unit use',
    'classDecl': '',
    'collection': 'key nymRef ref role subtype type',
    'corr': 'evidence generatedBy instant subtype type',
    'correction': 'default method status',
    'date': 'atLeast atMost calendar confidence datingMethod datingPoint dur dur-iso evidence extent from from-custom from-iso generatedBy instant key max min notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso period precision quantity ref scope subtype to to-custom to-iso type unit when when-custom when-iso',
    'dateline': 'generatedBy hand',
    'death': 'atLeast atMost confidence datingMethod datingPoint evidence extent from from-custom from-iso instant key max min notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso nymRef period precision quantity ref role scope subtype to to-custom to-iso type unit when when-custom when-iso where',
    'desc': 'generatedBy subtype type versionDate',
    'div': 'decls hand met org part place real rhyme sample subtype type',
    'editorialDecl': 'default',
    'encodingDesc': '',
    'event': 'datingMethod datingPoint evidence from from-custom from-iso instant key notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso nymRef period ref role sortKey subtype to to-custom to-iso type when when-custom when-iso where',
    'eventName': 'datingMethod datingPoint evidence from from-custom from-iso full instant key notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso nymRef period ref role sort subtype to to-custom to-iso type when when-custom when-iso',
    'expan': 'evidence generatedBy instant',
    'extent': '',
    'fileDesc': '',
    'funder': 'datingMethod datingPoint from from-custom from-iso key notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso period ref to to-custom to-iso when when-custom when-iso',
    'geo': 'decls generatedBy',
    'gi': 'scheme',
    'head': 'generatedBy hand place subtype type',
    'hyphenation': 'default eol',
    'idno': 'datingMethod datingPoint from from-custom from-iso generatedBy notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso period sortKey subtype to to-custom to-iso type when when-custom when-iso',
    'interpretation': 'default',
    'item': 'sortKey',
    'label': 'generatedBy hand place subtype type',
    'langUsage': 'default',
    'language': 'ident scope usage',
    'licence': 'datingMethod datingPoint evaluate from from-custom from-iso notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso period target targetLang to to-custom to-iso when when-custom when-iso',
    'list': 'generatedBy sortKey subtype type',
    'listAnnotation': 'decls notation subtype type',
    'listBibl': 'default generatedBy sortKey subtype type',
    'listEvent': 'default generatedBy sortKey subtype type',
    'listOrg': 'default generatedBy sortKey subtype type',
    'listPerson': 'default generatedBy sortKey subtype type',
    'listPlace': 'default generatedBy sortKey subtype type',
    'listPrefixDef': '',
    'locale': '',
    'location': 'datingMethod datingPoint evidence from from-custom from-iso generatedBy instant notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso period subtype to to-custom to-iso type when when-custom when-iso',
    'measure': 'atLeast atMost commodity confidence generatedBy max min quantity subtype type unit unitRef',
    'mentioned': 'generatedBy',
    'msContents': 'class defective',
    'msDesc': 'decls sortKey status subtype type',
    'msIdentifier': '',
    'msItem': 'class defective',
    'name': 'datingMethod datingPoint evidence from from-custom from-iso full generatedBy instant key notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso nymRef period ref role sort subtype to to-custom to-iso type when when-custom when-iso',
    'normalization': 'default method',
    'note': 'anchored evaluate generatedBy hand place subtype target targetEnd targetLang type',
    'num': 'atLeast atMost confidence generatedBy max min subtype type value',
    'occupation': 'code datingMethod datingPoint evidence from from-custom from-iso instant key notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso nymRef period ref role scheme subtype to to-custom to-iso type when when-custom when-iso',
    'org': 'datingMethod datingPoint evidence from from-custom from-iso instant notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso period role sortKey subtype to to-custom to-iso type when when-custom when-iso',
    'orgName': 'datingMethod datingPoint evidence from from-custom from-iso full generatedBy instant key notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso nymRef period ref role sort subtype to to-custom to-iso type when when-custom when-iso',
    'p': 'decls generatedBy hand part',
    'particDesc': 'default',
    'persName': 'datingMethod datingPoint evidence from from-custom from-iso full generatedBy instant key notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso nymRef period ref role sort subtype to to-custom to-iso type when when-custom when-iso',
    'person': 'age datingMethod datingPoint evidence from from-custom from-iso gender instant notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso period role sex sortKey to to-custom to-iso when when-custom when-iso',
    'place': 'datingMethod datingPoint evidence from from-custom from-iso instant notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso period sortKey subtype to to-custom to-iso type when when-custom when-iso',
    'placeName': 'datingMethod datingPoint evidence from from-custom from-iso full generatedBy instant key notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso nymRef period ref role sort subtype to to-custom to-iso type when when-custom when-iso',
    'prefixDef': 'ident matchPattern replacementPattern',
    'profileDesc': '',
    'publicationStmt': '',
    'publisher': 'key ref',
    'punctuation': 'default marks placement',
    'q': 'generatedBy subtype toWhom type who',
    'quotation': 'default marks',
    'ref': 'cRef decls evaluate generatedBy mimeType subtype target targetLang type',
    'refsDecl': 'default',
    'relatedItem': 'subtype target type',
    'rendition': 'scheme schemeVersion scope selector',
    'repository': 'key nymRef ref role',
    'resp': 'datingMethod datingPoint from from-custom from-iso key notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso period ref to to-custom to-iso when when-custom when-iso',
    'respStmt': 'key ref',
    'revisionDesc': 'status',
    'rs': 'generatedBy key nymRef ref role subtype type',
    'schemaRef': 'key subtype type url',
    'seg': 'datcat function generatedBy hand met notation part real rhyme subtype targetDatcat type valueDatcat',
    'segmentation': 'default',
    'setting': 'who',
    'settingDesc': 'default',
    'sic': 'generatedBy',
    'soCalled': 'generatedBy',
    'sourceDesc': 'default',
    'sp': 'hand place toWhom who',
    'speaker': 'hand place',
    'stage': 'generatedBy hand perf place toWhom type who',
    'standOff': 'decls subtype type',
    'supplied': 'atLeast atMost confidence evidence extent instant max min precision quantity reason scope unit',
    'tagsDecl': 'partial',
    'taxonomy': 'datcat targetDatcat valueDatcat',
    'teiCorpus': 'subtype type version',
    'teiHeader': '',
    'text': 'decls hand subtype type',
    'textClass': 'default',
    'time': 'atLeast atMost calendar confidence datingMethod datingPoint dur dur-iso evidence extent from from-custom from-iso generatedBy instant key max min notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso period precision quantity ref scope subtype to to-custom to-iso type unit when when-custom when-iso',
    'title': 'datingMethod datingPoint from from-custom from-iso generatedBy key level notAfter notAfter-custom notAfter-iso notBefore notBefore-custom notBefore-iso period ref subtype to to-custom to-iso type when when-custom when-iso',
    'titleStmt': '',
    'unclear': 'agent atLeast atMost confidence evidence extent generatedBy instant max min precision quantity reason scope unit',
    'val': '',
}

#: The attributes TEI requires, by element of the customization.
REQUIRED = {
    'application': 'ident version',
    'certainty': 'locus',
    'citeStructure': 'match use',
    'language': 'ident',
    'prefixDef': 'ident matchPattern replacementPattern',
    'schemaRef': 'url',
}

#: TEI's definition (RELAX NG) of each attribute the ODD restricts: (element, attribute),
#: or ("*", attribute) for an attribute class.
VALUES = {
    ('*', 'cert'): '<choice><data type="double"><param name="minInclusive">0</param><param name="maxInclusive">1</param></data><choice><value>high</value><value>medium</value><value>low</value><value>unknown</value></choice></choice>',
    ('bibl', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('biblScope', 'unit'): '<choice><value>volume</value><value>issue</value><value>page</value><value>line</value><value>chapter</value><value>part</value><value>column</value><value>entry</value><data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data></choice>',
    ('certainty', 'cert'): '<choice><value>high</value><value>medium</value><value>low</value><value>unknown</value></choice>',
    ('change', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('citeStructure', 'unit'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('div', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('eventName', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('idno', 'subtype'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('idno', 'type'): '<choice><value>ISBN</value><value>ISSN</value><value>DOI</value><value>URI</value><value>VIAF</value><value>ESTC</value><value>OCLC</value><data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data></choice>',
    ('list', 'rend'): '<list><oneOrMore><data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data></oneOrMore></list>',
    ('listAnnotation', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('listEvent', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('listPerson', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('name', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('note', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('orgName', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('persName', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('person', 'role'): '<list><oneOrMore><data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data></oneOrMore></list>',
    ('placeName', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('prefixDef', 'ident'): '<data type="token"><param name="pattern">[a-z][a-z0-9\\+\\.\\-]*</param></data>',
    ('q', 'type'): '<choice><value>spoken</value><value>thought</value><value>written</value><value>soCalled</value><value>foreign</value><value>distinct</value><value>term</value><value>emph</value><value>mentioned</value><data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data></choice>',
    ('relatedItem', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('rendition', 'scheme'): '<choice><value>css</value><value>xslfo</value><value>free</value><value>other</value></choice>',
    ('rendition', 'scope'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('rs', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('schemaRef', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('seg', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('sp', 'n'): '<data type="string"/>',
    ('sp', 'who'): '<list><oneOrMore><data type="anyURI"><param name="pattern">\\S+</param></data></oneOrMore></list>',
    ('stage', 'type'): '<list><oneOrMore><choice><value>setting</value><value>entrance</value><value>exit</value><value>business</value><value>novelistic</value><value>delivery</value><value>modifier</value><value>location</value><value>mixed</value><data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data></choice></oneOrMore></list>',
    ('stage', 'who'): '<list><oneOrMore><data type="anyURI"><param name="pattern">\\S+</param></data></oneOrMore></list>',
    ('supplied', 'reason'): '<list><oneOrMore><data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data></oneOrMore></list>',
    ('title', 'type'): '<data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data>',
    ('unclear', 'reason'): '<list><oneOrMore><choice><value>illegible</value><value>inaudible</value><value>faded</value><value>background_noise</value><value>eccentric_ductus</value><data type="token"><param name="pattern">[^\\p{C}\\p{Z}]+</param></data></choice></oneOrMore></list>',
}
