/**
 * 派单目录 — the starter catalogue of who handles what where (R4.2, R8.3): (category, territory) → handling unit.
 * An administrator edits it as versioned configuration (R11.1); this is the first version.
 *
 * How rules combine: a rule applies to a ticket when its category is the ticket's category or an ancestor of it
 * ('*' = any category) and its district is the ticket's district (null = any district). Of the rules that
 * apply, the highest priority wins. The seeded priorities follow one scheme, so the more specific rule wins:
 *
 *   10            兜底: '*' in a territory → that territory's government or zone committee
 *   100 + 10 × L  a city-wide rule on a category of level L (110, 120, 130)
 *   200 + 10 × L  a territorial rule on a category of level L (210, 220, 230)
 *
 * A territorial rule beats every city-wide one (属地 first), and a deeper category beats a shallower one.
 * No two rules share (category, district), so there is never a tie. A ticket without a district matches only
 * city-wide rules; where none applies, the office dispatches by hand.
 *
 * Urgent kinds (R4.2.1) go to the concrete handling unit — a company branch, a subordinate unit of a city
 * department — and the dispatch copies its superior. The city's companies and agencies serve the urban
 * districts and the zones; in the five counties (县、县级市) urgent utility, facility and disaster tickets go to
 * the county government, which passes them on to its own departments and companies. General kinds (R4.2.2) go
 * to the city department, company or government that answers for them, which may sub-dispatch.
 */
import { GENERAL_KIND_CODES as GENERAL, URGENT_KIND_CODES as URGENT } from './categories.js';
import { COUNTY_CODES, DISTRICTS, URBAN_DISTRICT_CODES } from './districts.js';
import type { ResponsibilityRuleSeed } from './types.js';
import { governmentUnitCode } from './units.js';

/** The category code meaning "any category". */
export const ANY_CATEGORY = '*';

function level(categoryCode: string): number {
  return (categoryCode.length - 1) / 2;
}

function rule(
  categoryCode: string,
  districtCode: string | null,
  unitCode: string,
  note?: string,
): ResponsibilityRuleSeed {
  const priority = categoryCode === ANY_CATEGORY ? 10 : (districtCode ? 200 : 100) + 10 * level(categoryCode);
  return { categoryCode, districtCode, unitCode, priority, ...(note ? { note } : {}) };
}

const cityWide = (categoryCode: string, unitCode: string, note?: string) =>
  rule(categoryCode, null, unitCode, note);
const inDistrict = (categoryCode: string, districtCode: string, unitCode: string, note?: string) =>
  rule(categoryCode, districtCode, unitCode, note);
const inDistricts = (
  categoryCode: string,
  districtCodes: readonly string[],
  unitCode: string,
  note?: string,
) => districtCodes.map((d) => inDistrict(categoryCode, d, unitCode, note));
/** Each county's own government answers for it: the city's companies and agencies do not operate there. */
const toCountyGovernments = (categoryCode: string) =>
  COUNTY_CODES.map((d) =>
    inDistrict(categoryCode, d, governmentUnitCode(d), '县（市）政府转本级部门或供水、供热、供气企业处置'),
  );

export const RESPONSIBILITY_RULES: readonly ResponsibilityRuleSeed[] = [
  // 紧急类 (R3.1): to the concrete handling unit, copied to its superior (R4.2.1).
  cityWide(URGENT.waterOutage, 'ENT-WATER-SUPPLY', '供水分公司立即到场处置'),
  ...toCountyGovernments(URGENT.waterOutage),
  cityWide(URGENT.powerOutage, 'ENT-POWER', '国网吉林供电公司转所属县供电公司'),
  ...inDistricts(URGENT.powerOutage, URBAN_DISTRICT_CODES, 'ENT-POWER-URBAN'),
  inDistrict(URGENT.powerOutage, '220221', 'ENT-POWER-YJ'),
  cityWide(URGENT.heatingOutage, 'ENT-HEAT', '热力集团直接处置或转分公司'),
  ...inDistricts(URGENT.heatingOutage, ['220202', '220203', '220204', 'JLJK'], 'ENT-HEAT-JB'),
  ...inDistricts(URGENT.heatingOutage, ['220211', 'JLHT'], 'ENT-HEAT-JN'),
  ...toCountyGovernments(URGENT.heatingOutage),
  cityWide(URGENT.gasLeak, 'ENT-GAS-RESCUE', '抢修中心立即到场，必要时报119'),
  ...toCountyGovernments(URGENT.gasLeak),
  cityWide(URGENT.environmentalPollution, 'DEPT-STHJ'),
  inDistrict(URGENT.environmentalPollution, '220204', 'SUB-STHJ-CY'),
  cityWide(URGENT.publicHealth, 'SUB-WJW-CDC'),
  cityWide(URGENT.foodSafety, 'DEPT-SCJG', '市场监管局转属地分局'),
  inDistrict(URGENT.foodSafety, '220204', 'SUB-SCJG-CY'),
  inDistrict(URGENT.foodSafety, '220202', 'SUB-SCJG-CYI'),
  cityWide(URGENT.publicFacilityHazard, 'SUB-ZJJ-SZ', '先行处置、设置警示，再由权属单位修复'),
  cityWide('C160804', 'DEPT-CGJ', '路灯线杆倒伏：城管局转路灯或权属单位'),
  cityWide('C160805', 'DEPT-CGJ', '树木倒伏：城管局转园林养护单位'),
  cityWide('C160806', 'SUB-CGJ-ZD'),
  cityWide('C160807', 'DEPT-SCJG', '电梯困人：特种设备安全监察，通知维保单位'),
  ...toCountyGovernments(URGENT.publicFacilityHazard),
  cityWide(URGENT.disaster, 'DEPT-YJJ'),
  cityWide('C160901', 'ENT-WATER-DRAIN', '城市内涝：排水分公司排涝'),
  cityWide('C160902', 'DEPT-SLJ'),
  cityWide('C160903', 'SUB-CGJ-HW', '暴雪冰冻：环卫清雪'),
  cityWide('C160904', 'DEPT-ZRZY'),
  ...toCountyGovernments(URGENT.disaster),
  // The two TipDM nodes that name an urgent kind.
  cityWide('C120101', 'SUB-WJW-CDC'),
  cityWide('C120401', 'DEPT-SCJG', '市场监管局转属地分局'),
  inDistrict('C120401', '220204', 'SUB-SCJG-CY'),
  inDistrict('C120401', '220202', 'SUB-SCJG-CYI'),

  // 一般类 named in R3.2 (R4.2.2).
  cityWide(GENERAL.streetVending, 'DEPT-CGJ'),
  inDistrict(GENERAL.streetVending, '220204', 'DD220204-CGJ'),
  cityWide(GENERAL.illegalConstruction, 'DEPT-CGJ'),
  inDistrict(GENERAL.illegalConstruction, '220204', 'DD220204-CGJ'),
  cityWide(GENERAL.blockedSewerWell, 'ENT-WATER', '水务集团转排水分公司'),
  cityWide(GENERAL.roofLeak, 'DEPT-ZJJ', '住建局督促物业或维修资金维修'),
  inDistrict(GENERAL.roofLeak, '220204', 'DD220204-ZJJ'),
  ...DISTRICTS.map((d) =>
    inDistrict(GENERAL.noise, d.code, governmentUnitCode(d.code), '属地管理：转属地街道（乡镇）处理'),
  ),
  // 基层选举和社区建设: the community's own matters are the street's or township's (属地, R8.3).
  ...DISTRICTS.map((d) =>
    inDistrict('C0903', d.code, governmentUnitCode(d.code), '属地管理：转属地街道（乡镇）处理'),
  ),

  // The TipDM branches, to the city department, company or provincial body that answers for them (R4.2.2).
  cityWide('C0101', 'DEPT-YJJ'), // 城乡建设/安全生产
  cityWide('C0102', 'DEPT-CGJ'), // 城市建设和市政管理
  cityWide('C010206', 'DEPT-JTJ'), // 公共汽车
  cityWide('C010208', 'ENT-HEAT'), // 冬季采暖
  cityWide('C010210', 'DEPT-JTJ'), // 地铁城铁
  cityWide('C010211', 'DEPT-ZJJ'), // 基础设施
  cityWide('C010212', 'DEPT-ZJJ'), // 小区管理
  cityWide('C010213', 'ENT-GAS'), // 燃气供应
  cityWide('C010215', 'ENT-POWER'), // 电力供应
  cityWide('C010216', 'ENT-WATER'), // 自来水供应
  cityWide('C0103', 'DEPT-ZRZY'), // 城乡规划
  cityWide('C0105', 'DEPT-ZJJ'), // 工程质量
  cityWide('C0106', 'DEPT-ZJJ'), // 国有土地上房屋征收与补偿
  cityWide('C0107', 'DEPT-ZRZY'), // 集体土地上房屋拆迁与补偿
  cityWide('C0108', 'DEPT-ZJJ'), // 建筑市场
  cityWide('C0110', 'DEPT-ZJJ'), // 住房保障与房地产
  cityWide('C03', 'DEPT-ZRZY'), // 国土资源
  cityWide('C04', 'DEPT-STHJ'), // 环境保护
  cityWide('C06', 'DEPT-JTJ'), // 交通运输
  cityWide('C0606', 'PROV-POST'), // 邮政管理
  cityWide('C0701', 'DEPT-YJJ'), // 经济管理/安全生产
  cityWide('C070503', 'PROV-TAX'), // 税收征管
  cityWide('C09', 'DEPT-MZJ'), // 民政
  cityWide('C1012', 'DEPT-SLJ'), // 水利水电
  cityWide('C1104', 'DEPT-SCJG'), // 市场监管
  cityWide('C1105', 'DEPT-SCJG'), // 质监检验检疫
  cityWide('C12', 'DEPT-WJW'), // 卫生计生
  cityWide('C1204', 'DEPT-SCJG'), // 食品药品监管
  cityWide('C1304', 'DEPT-GAJ'), // 户籍证件
  cityWide('C1305', 'SUB-GAJ-JJ'), // 交通管理
  cityWide('C1308', 'DEPT-GAJ'), // 社会治安
  cityWide('C1401', 'DEPT-JYJ'), // 教师队伍和待遇
  cityWide('C1402', 'DEPT-JYJ'), // 教育行政管理
  cityWide('C1403', 'DEPT-JYJ'), // 教育收费
  cityWide('C1404', 'DEPT-JYJ'), // 教育体制
  cityWide('C1405', 'DEPT-JYJ'), // 考试招生
  cityWide('C1407', 'DEPT-JYJ'), // 失学辍学
  cityWide('C15', 'DEPT-RSJ'), // 劳动和社会保障

  // 兜底: whatever no rule names goes to the territory's government or zone committee (R8.3).
  ...DISTRICTS.map((d) => rule(ANY_CATEGORY, d.code, governmentUnitCode(d.code), '兜底：属地政府（管委会）')),
];
