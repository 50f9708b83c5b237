-- The data-standards catalogue: every registry field defined once (name, type,
-- code list, sensitivity, owning department kind, survivorship rule), the code
-- lists they draw on, the managed tag dictionary, and the sources facts come from.
-- Rows here are configurable data seeded with national-standard defaults; a city
-- edits them rather than the code.

CREATE TABLE code_lists (
  list     text NOT NULL,
  code     text NOT NULL,
  label    text NOT NULL,
  label_en text NOT NULL,
  -- Other spellings departments use for the same code: the national standard's
  -- numeric code, short forms. A value map in a mapping profile adds to these.
  aliases  text[] NOT NULL DEFAULT '{}',
  sort     integer NOT NULL,
  PRIMARY KEY (list, code)
);

CREATE TABLE registry_fields (
  key             text PRIMARY KEY,
  entity          text NOT NULL CHECK (entity IN ('person', 'household', 'dwelling', 'organisation')),
  -- key: identifies or places the record, set when it is created;
  -- fact: a value sources state, kept with provenance and history;
  -- link: a fact whose value is another record (person → dwelling).
  role            text NOT NULL CHECK (role IN ('key', 'fact', 'link')),
  name            text NOT NULL,
  name_en         text NOT NULL,
  description     text NOT NULL,
  type            text NOT NULL CHECK (type IN ('text', 'name', 'id_number', 'credit_code', 'date', 'code', 'tag',
                    'phone', 'address', 'jurisdiction', 'reference')),
  multiple        boolean NOT NULL DEFAULT false,
  code_list       text,
  sensitivity     text NOT NULL CHECK (sensitivity IN ('public', 'personal', 'sensitive')),
  -- For sensitive fields (PIPL Art. 28): which kind, as for tags; it decides who sees the field.
  sensitive_category text CHECK (sensitive_category IN ('health', 'disability', 'low_income', 'criminal_justice')),
  -- The kind of department that owns the definition (departments.kind), e.g. public_security.
  owner_kind      text,
  survivorship    text CHECK (survivorship IN ('trusted_then_recent', 'most_recent', 'union')),
  -- Department kinds or source ids, most trusted first; sources not listed rank after them.
  trusted_sources text[] NOT NULL DEFAULT '{}',
  sort            integer NOT NULL,
  CHECK ((role = 'key') = (survivorship IS NULL)),
  CHECK ((sensitivity = 'sensitive') = (sensitive_category IS NOT NULL)),
  CHECK ((type = 'code') = (code_list IS NOT NULL))
);

CREATE TABLE tag_definitions (
  code               text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
  name               text NOT NULL,
  name_en            text NOT NULL,
  description        text NOT NULL DEFAULT '',
  -- Set for tags that are sensitive personal information (PIPL Art. 28).
  sensitive_category text CHECK (sensitive_category IN ('health', 'disability', 'low_income', 'criminal_justice')),
  owner_kind         text,
  -- Other spellings departments use ("低保户", "是否低保"), so a value map is rarely needed.
  aliases            text[] NOT NULL DEFAULT '{}',
  sort               integer NOT NULL DEFAULT 100,
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Where facts come from: one department dataset, a field visit, or the initial load.
CREATE TABLE data_sources (
  id            text PRIMARY KEY,
  -- The department's kind (public_security, civil_affairs …), or field_visit / initial_load.
  kind          text NOT NULL,
  department_id uuid REFERENCES departments (id),
  dataset       text,
  name          text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((department_id IS NULL) = (kind IN ('field_visit', 'initial_load')))
);

INSERT INTO data_sources (id, kind, name) VALUES
  ('initial-load', 'initial_load', '初始底册 (initial registry load)'),
  ('field-visit', 'field_visit', '网格走访采集 (grid-worker field visits)');

INSERT INTO code_lists (list, code, label, label_en, aliases, sort) VALUES
  -- GB/T 2261.1-2003
  ('sex', 'male', '男', 'male', '{1,男性,M}', 1),
  ('sex', 'female', '女', 'female', '{2,女性,F}', 2),
  ('residence_status', 'registered', '户籍人口', 'registered resident', '{户籍,本地户籍,人户一致}', 1),
  ('residence_status', 'floating', '流动人口', 'floating population', '{流动,外来人口,暂住,暂住人口,寄住}', 2),
  ('residence_status', 'left', '人户分离（户在人不在）', 'registered here, lives elsewhere', '{人户分离,户在人不在,外出}', 3),
  -- GB/T 4761-2008, simplified to the relations the registry distinguishes.
  ('relation_to_head', '本人', '本人（户主）', 'head of household', '{01,02,户主}', 1),
  ('relation_to_head', '配偶', '配偶', 'spouse', '{10,11,12,夫,妻,丈夫,妻子}', 2),
  ('relation_to_head', '子', '子', 'son', '{20,21,22,23,儿子,长子,次子}', 3),
  ('relation_to_head', '女', '女', 'daughter', '{30,31,32,33,女儿,长女,次女}', 4),
  ('relation_to_head', '孙子女', '孙子女', 'grandchild', '{40,41,42,43,44,45,孙子,孙女,外孙子,外孙女}', 5),
  ('relation_to_head', '父母', '父母', 'parent', '{50,51,52,父亲,母亲}', 6),
  ('relation_to_head', '祖父母', '祖父母', 'grandparent', '{60,61,62,63,64,祖父,祖母,外祖父,外祖母}', 7),
  ('relation_to_head', '兄弟姐妹', '兄弟姐妹', 'sibling', '{70,71,72,73,74,75,76,77,78,兄,弟,姐,妹,哥哥,弟弟,姐姐,妹妹}', 8),
  ('relation_to_head', '其他', '其他', 'other', '{80,81,82,83,84,85,86,87,88,99,儿媳,女婿,其他亲属,非亲属}', 9),
  ('disability_grade', '1', '一级', 'grade 1 (most severe)', '{一级,1级,一}', 1),
  ('disability_grade', '2', '二级', 'grade 2', '{二级,2级,二}', 2),
  ('disability_grade', '3', '三级', 'grade 3', '{三级,3级,三}', 3),
  ('disability_grade', '4', '四级', 'grade 4', '{四级,4级,四}', 4),
  ('household_registration_type', 'family', '家庭户', 'family household', '{家庭,家庭户口,1}', 1),
  ('household_registration_type', 'collective', '集体户', 'collective household', '{集体,集体户口,2}', 2),
  ('dwelling_use', 'self_occupied', '自住', 'owner-occupied', '{自用,自住房}', 1),
  ('dwelling_use', 'rented', '出租', 'rented out', '{出租房,出租屋,租赁}', 2),
  ('dwelling_use', 'vacant', '空置', 'vacant', '{空房,闲置}', 3),
  ('dwelling_use', 'business', '经营', 'business use', '{商用,经营用房,商铺}', 4),
  ('dwelling_use', 'other', '其他', 'other', '{}', 9),
  ('organisation_kind', 'enterprise', '企业', 'enterprise', '{公司,企业法人}', 1),
  ('organisation_kind', 'individual_business', '个体工商户', 'individual business', '{个体,个体户}', 2),
  ('organisation_kind', 'public_institution', '事业单位', 'public institution', '{}', 3),
  ('organisation_kind', 'government', '机关', 'government body', '{机关单位,党政机关}', 4),
  ('organisation_kind', 'social_organisation', '社会组织', 'social organisation', '{社会团体,民办非企业单位,基金会}', 5),
  ('organisation_kind', 'other', '其他', 'other', '{}', 9);

-- GB/T 3304-1991: the 56 ethnic groups, with the numeric code and the short form as aliases.
INSERT INTO code_lists (list, code, label, label_en, aliases, sort)
SELECT 'ethnicity', name, name, name_en, ARRAY[lpad(n::text, 2, '0'), left(name, length(name) - 1)], n
FROM (VALUES
  (1, '汉族', 'Han'), (2, '蒙古族', 'Mongol'), (3, '回族', 'Hui'), (4, '藏族', 'Tibetan'), (5, '维吾尔族', 'Uyghur'),
  (6, '苗族', 'Miao'), (7, '彝族', 'Yi'), (8, '壮族', 'Zhuang'), (9, '布依族', 'Bouyei'), (10, '朝鲜族', 'Korean'),
  (11, '满族', 'Manchu'), (12, '侗族', 'Dong'), (13, '瑶族', 'Yao'), (14, '白族', 'Bai'), (15, '土家族', 'Tujia'),
  (16, '哈尼族', 'Hani'), (17, '哈萨克族', 'Kazakh'), (18, '傣族', 'Dai'), (19, '黎族', 'Li'), (20, '傈僳族', 'Lisu'),
  (21, '佤族', 'Va'), (22, '畲族', 'She'), (23, '高山族', 'Gaoshan'), (24, '拉祜族', 'Lahu'), (25, '水族', 'Shui'),
  (26, '东乡族', 'Dongxiang'), (27, '纳西族', 'Naxi'), (28, '景颇族', 'Jingpo'), (29, '柯尔克孜族', 'Kirgiz'), (30, '土族', 'Tu'),
  (31, '达斡尔族', 'Daur'), (32, '仫佬族', 'Mulao'), (33, '羌族', 'Qiang'), (34, '布朗族', 'Blang'), (35, '撒拉族', 'Salar'),
  (36, '毛南族', 'Maonan'), (37, '仡佬族', 'Gelao'), (38, '锡伯族', 'Xibe'), (39, '阿昌族', 'Achang'), (40, '普米族', 'Pumi'),
  (41, '塔吉克族', 'Tajik'), (42, '怒族', 'Nu'), (43, '乌孜别克族', 'Uzbek'), (44, '俄罗斯族', 'Russian'), (45, '鄂温克族', 'Ewenki'),
  (46, '德昂族', 'Deang'), (47, '保安族', 'Bonan'), (48, '裕固族', 'Yugur'), (49, '京族', 'Gin'), (50, '塔塔尔族', 'Tatar'),
  (51, '独龙族', 'Derung'), (52, '鄂伦春族', 'Oroqen'), (53, '赫哲族', 'Hezhen'), (54, '门巴族', 'Monba'), (55, '珞巴族', 'Lhoba'),
  (56, '基诺族', 'Jino')
) AS groups (n, name, name_en);

INSERT INTO registry_fields (key, entity, role, name, name_en, description, type, multiple, code_list, sensitivity, owner_kind, survivorship, trusted_sources, sort) VALUES
  ('person.name', 'person', 'fact', '姓名', 'name', 'Name as registered; simplified characters.', 'name', false, NULL, 'personal', 'public_security', 'trusted_then_recent', '{public_security}', 10),
  ('person.id_number', 'person', 'fact', '公民身份号码', 'resident ID number', 'GB 11643-1999, 18 characters; old 15-digit numbers are upgraded.', 'id_number', false, NULL, 'personal', 'public_security', 'trusted_then_recent', '{public_security}', 11),
  ('person.sex', 'person', 'fact', '性别', 'sex', 'GB/T 2261.1; derived from the ID number when a source does not state it.', 'code', false, 'sex', 'personal', 'public_security', 'trusted_then_recent', '{public_security}', 12),
  ('person.birth_date', 'person', 'fact', '出生日期', 'date of birth', 'ISO 8601 date; derived from the ID number when a source does not state it.', 'date', false, NULL, 'personal', 'public_security', 'trusted_then_recent', '{public_security}', 13),
  ('person.ethnicity', 'person', 'fact', '民族', 'ethnicity', 'GB/T 3304-1991.', 'code', false, 'ethnicity', 'personal', 'public_security', 'trusted_then_recent', '{public_security}', 14),
  ('person.phones', 'person', 'fact', '联系电话', 'phone numbers', 'Mobile (11 digits) or landline (area code-number); every source''s numbers are kept.', 'phone', true, NULL, 'personal', NULL, 'union', '{field_visit}', 15),
  ('person.registration_place', 'person', 'fact', '户籍地', 'place of household registration', 'Where the person''s hukou is registered, as the source writes it.', 'text', false, NULL, 'personal', 'public_security', 'trusted_then_recent', '{public_security,floating_population}', 16),
  ('person.residence_status', 'person', 'fact', '居住状态', 'residence status', 'Registered here and living here, floating (lives here, registered elsewhere), or left (registered here, lives elsewhere).', 'code', false, 'residence_status', 'personal', 'floating_population', 'trusted_then_recent', '{field_visit,floating_population,public_security}', 17),
  ('person.relation_to_head', 'person', 'fact', '与户主关系', 'relation to head of household', 'GB/T 4761-2008, simplified.', 'code', false, 'relation_to_head', 'personal', 'public_security', 'trusted_then_recent', '{public_security}', 18),
  ('person.tags', 'person', 'fact', '人员标签', 'tags', 'Codes from the tag dictionary; some tags are sensitive (see the dictionary).', 'tag', true, NULL, 'personal', NULL, 'union', '{}', 19),
  ('person.household', 'person', 'link', '所属户', 'household', 'The household (户) the person is registered in.', 'reference', false, NULL, 'personal', 'public_security', 'trusted_then_recent', '{public_security}', 30),
  ('person.registered_dwelling', 'person', 'link', '户籍住址', 'registered dwelling', 'The dwelling of the person''s household registration.', 'reference', false, NULL, 'personal', 'public_security', 'trusted_then_recent', '{public_security}', 31),
  ('person.living_dwelling', 'person', 'link', '实际居住', 'dwelling lived in', 'Where the person actually lives.', 'reference', false, NULL, 'personal', NULL, 'trusted_then_recent', '{field_visit,floating_population}', 32),
  ('person.rented_dwelling', 'person', 'link', '承租房屋', 'rented dwelling', 'The dwelling the person rents as a tenant.', 'reference', false, NULL, 'personal', 'floating_population', 'trusted_then_recent', '{floating_population,field_visit}', 33),
  ('person.owned_dwellings', 'person', 'link', '产权房屋', 'owned dwellings', 'Dwellings the person owns.', 'reference', true, NULL, 'personal', NULL, 'union', '{}', 34),
  ('household.number', 'household', 'key', '户号', 'household number', 'The household number issued by the public security bureau.', 'text', false, NULL, 'personal', 'public_security', NULL, '{}', 40),
  ('household.registration_type', 'household', 'fact', '户别', 'household type', 'Family or collective household.', 'code', false, 'household_registration_type', 'personal', 'public_security', 'trusted_then_recent', '{public_security}', 41),
  ('household.dwelling', 'household', 'link', '户籍地址', 'registered address', 'The dwelling the household is registered at.', 'reference', false, NULL, 'personal', 'public_security', 'trusted_then_recent', '{public_security}', 42),
  ('dwelling.address', 'dwelling', 'key', '地址', 'address', 'Full address; parsed into compound, building, unit and room.', 'address', false, NULL, 'public', NULL, NULL, '{}', 50),
  ('dwelling.community', 'dwelling', 'key', '所属社区', 'community', 'The community (社区) the dwelling lies in: 12-digit statistical code or name.', 'jurisdiction', false, NULL, 'public', NULL, NULL, '{}', 51),
  ('dwelling.compound', 'dwelling', 'key', '小区', 'compound', 'Residential compound or estate.', 'text', false, NULL, 'public', NULL, NULL, '{}', 52),
  ('dwelling.building', 'dwelling', 'key', '楼幢', 'building', 'Building number within the compound.', 'text', false, NULL, 'public', NULL, NULL, '{}', 53),
  ('dwelling.unit', 'dwelling', 'key', '单元', 'unit', 'Stairway unit within the building; empty when the building has one.', 'text', false, NULL, 'public', NULL, NULL, '{}', 54),
  ('dwelling.room', 'dwelling', 'key', '室', 'room', 'Flat number, floor × 100 + door.', 'text', false, NULL, 'public', NULL, NULL, '{}', 55),
  ('dwelling.use', 'dwelling', 'fact', '房屋用途', 'use', 'How the dwelling is used: owner-occupied, rented out, vacant, business.', 'code', false, 'dwelling_use', 'public', 'floating_population', 'trusted_then_recent', '{field_visit,floating_population}', 56),
  ('organisation.credit_code', 'organisation', 'key', '统一社会信用代码', 'unified social credit code', 'GB 32100-2015, 18 characters with check character.', 'credit_code', false, NULL, 'public', 'market_supervision', NULL, '{}', 60),
  ('organisation.name', 'organisation', 'fact', '单位名称', 'name', 'Registered name.', 'name', false, NULL, 'public', 'market_supervision', 'trusted_then_recent', '{market_supervision}', 61),
  ('organisation.kind', 'organisation', 'fact', '单位类型', 'kind', 'Enterprise, individual business, public institution …', 'code', false, 'organisation_kind', 'public', 'market_supervision', 'trusted_then_recent', '{market_supervision}', 62),
  ('organisation.legal_representative', 'organisation', 'fact', '法定代表人', 'legal representative', 'Name of the legal representative or operator.', 'name', false, NULL, 'personal', 'market_supervision', 'trusted_then_recent', '{market_supervision}', 63),
  ('organisation.phones', 'organisation', 'fact', '单位电话', 'phone numbers', 'Contact numbers.', 'phone', true, NULL, 'public', NULL, 'union', '{}', 64),
  ('organisation.premises', 'organisation', 'link', '经营场所', 'premises', 'Dwellings or rooms the organisation operates from.', 'reference', true, NULL, 'public', 'market_supervision', 'union', '{}', 65),
  ('organisation.owned_dwellings', 'organisation', 'link', '产权房屋', 'owned dwellings', 'Dwellings the organisation owns.', 'reference', true, NULL, 'public', NULL, 'union', '{}', 66),
  ('organisation.managed_dwellings', 'organisation', 'link', '管理出租房屋', 'managed rentals', 'Dwellings the organisation lets or manages (长租公寓, letting agents).', 'reference', true, NULL, 'public', 'floating_population', 'union', '{}', 67);

INSERT INTO registry_fields (key, entity, role, name, name_en, description, type, code_list, sensitivity, sensitive_category, owner_kind, survivorship, trusted_sources, sort) VALUES
  ('person.disability_grade', 'person', 'fact', '残疾等级', 'disability grade', '1 (most severe) to 4, per the disability certificate.', 'code', 'disability_grade', 'sensitive', 'disability', 'disabled_persons', 'trusted_then_recent', '{disabled_persons,civil_affairs}', 20);

INSERT INTO tag_definitions (code, name, name_en, description, sensitive_category, owner_kind, aliases, sort) VALUES
  ('elderly_60', '老年人', 'aged 60+', 'Aged 60 or over.', NULL, 'civil_affairs', '{老年,老人}', 10),
  ('elderly_80', '高龄老人', 'aged 80+', 'Aged 80 or over.', NULL, 'civil_affairs', '{高龄}', 11),
  ('living_alone', '独居老人', 'elderly living alone', 'Aged 60+ and living alone.', NULL, 'civil_affairs', '{独居,空巢独居}', 12),
  ('disabled', '残疾人', 'person with disability', 'Holds a disability certificate; the grade is its own field.', 'disability', 'disabled_persons', '{残疾,持证残疾人}', 20),
  ('low_income', '低保', 'minimum living allowance', 'Receives the minimum living allowance (最低生活保障).', 'low_income', 'civil_affairs', '{低保户,低保对象,最低生活保障}', 30),
  ('low_income_margin', '低边', 'near the allowance line', 'Household just above the allowance line (低保边缘).', 'low_income', 'civil_affairs', '{低保边缘,低边户}', 31),
  ('special_hardship', '特困', 'extreme hardship support', 'Supported under the extreme-hardship scheme (特困人员供养).', 'low_income', 'civil_affairs', '{特困人员,特困供养,五保}', 32),
  ('veteran', '退役军人', 'veteran', 'Veteran of the armed forces.', NULL, 'veterans', '{退伍军人,复员军人}', 40),
  ('floating', '流动人口', 'floating population', 'Lives here, registered elsewhere.', NULL, 'floating_population', '{外来人口}', 50),
  ('child', '未成年人', 'minor', 'Under 18.', NULL, 'education', '{未成年}', 60),
  ('school_age', '适龄儿童', 'school age', 'Aged 6 to 15.', NULL, 'education', '{}', 61),
  ('left_behind_child', '留守儿童', 'left-behind child', 'A minor whose parents both work away from home.', NULL, 'civil_affairs', '{留守}', 62),
  ('chronic_disease', '慢性病患者', 'chronic disease', 'Under chronic-disease management (hypertension, diabetes …).', 'health', 'health', '{慢性病,慢病,高血压,糖尿病}', 70),
  ('severe_mental_disorder', '严重精神障碍患者', 'severe mental disorder', 'Registered for severe-mental-disorder management.', 'health', 'health', '{严重精神障碍,精神障碍}', 71),
  ('pregnant', '孕产妇', 'pregnant or postpartum', 'Under maternal health management.', 'health', 'health', '{孕妇,产妇}', 72),
  ('community_correction', '社区矫正对象', 'community correction', 'Serving a sentence under community correction.', 'criminal_justice', 'justice', '{社区矫正,社矫}', 80),
  ('released_prisoner', '刑满释放人员', 'released prisoner', 'Released from prison within the resettlement period.', 'criminal_justice', 'justice', '{刑释人员,刑满释放}', 81),
  ('drug_rehabilitation', '社区戒毒康复人员', 'drug rehabilitation', 'Under community drug rehabilitation.', 'criminal_justice', 'public_security', '{社区戒毒,社区康复,戒毒}', 82);
