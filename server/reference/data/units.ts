/**
 * 承办单位 and the offices of Jilin City, as a tree by superior unit (R4.2, R7.2, R8).
 *
 * - Every unit hangs under 吉林市人民政府 (CITY), the one root. Provincial/central departments and the utility
 *   companies hang there too: their real superiors (the State Taxation Administration, State Grid Jilin …) are
 *   outside the city's tree, and R7.4 reports to them by letter, not by dispatch.
 * - Peer groups (R7.2): governments and zone committees; city departments; provincial/central departments and
 *   enterprises; streets and townships. Subordinate units (市直部门下属单位, 区级部门, company branches) have no
 *   group of their own: they are ranked through their superior.
 * - Territory (属地, R8.3): a government answers for its own district, a street or township for its district,
 *   city departments and companies for every district, a subordinate unit for where it operates.
 * - Real names for the organisations; the leaders' names (R8.2) are invented demo data.
 */
import { ALL_DISTRICT_CODES, CITY_PROPER_CODES, URBAN_DISTRICT_CODES, ZONE_CODES } from './districts.js';
import type { UnitSeed } from './types.js';

/** [主要领导, 分管领导] (R8.2). */
type Leaders = readonly [mainLeader: string, responsibleLeader: string];

const ALL: readonly string[] = ALL_DISTRICT_CODES;
const CITY_PROPER: readonly string[] = CITY_PROPER_CODES;
const URBAN: readonly string[] = URBAN_DISTRICT_CODES;

/** The code of the government (or zone committee) of a territory — its fallback handler (兜底). */
export function governmentUnitCode(districtCode: string): string {
  return (ZONE_CODES as readonly string[]).includes(districtCode)
    ? `ZONE-${districtCode}`
    : `D${districtCode}`;
}

function base(code: string, nameZh: string, nameEn: string, [mainLeader, responsibleLeader]: Leaders) {
  return { code, nameZh, nameEn, mainLeader, responsibleLeader };
}

function office(
  code: string,
  type: 'city_government' | 'office' | 'supervision_office',
  superiorCode: string | null,
  nameZh: string,
  nameEn: string,
  leaders: Leaders,
): UnitSeed {
  return { ...base(code, nameZh, nameEn, leaders), type, superiorCode, peerGroup: null, territory: [...ALL] };
}

function government(
  districtCode: string,
  type: 'district' | 'development_zone',
  nameZh: string,
  nameEn: string,
  leaders: Leaders,
): UnitSeed {
  const code = governmentUnitCode(districtCode);
  return {
    ...base(code, nameZh, nameEn, leaders),
    type,
    superiorCode: 'CITY',
    peerGroup: 'district_government',
    territory: [districtCode],
  };
}

function local(
  code: string,
  type: 'street' | 'township',
  districtCode: string,
  nameZh: string,
  nameEn: string,
  leaders: Leaders,
): UnitSeed {
  return {
    ...base(code, nameZh, nameEn, leaders),
    type,
    superiorCode: governmentUnitCode(districtCode),
    peerGroup: 'street_township',
    territory: [districtCode],
  };
}

function cityDepartment(code: string, nameZh: string, nameEn: string, leaders: Leaders): UnitSeed {
  return {
    ...base(code, nameZh, nameEn, leaders),
    type: 'city_department',
    superiorCode: 'CITY',
    peerGroup: 'city_department',
    territory: [...ALL],
  };
}

function outsideBody(
  code: string,
  type: 'provincial_department' | 'enterprise',
  nameZh: string,
  nameEn: string,
  leaders: Leaders,
): UnitSeed {
  return {
    ...base(code, nameZh, nameEn, leaders),
    type,
    superiorCode: 'CITY',
    peerGroup: 'provincial_enterprise',
    territory: [...ALL],
  };
}

function subordinate(
  code: string,
  type: 'department_subunit' | 'district_department' | 'enterprise',
  superiorCode: string,
  nameZh: string,
  nameEn: string,
  leaders: Leaders,
  territory: readonly string[],
): UnitSeed {
  return {
    ...base(code, nameZh, nameEn, leaders),
    type,
    superiorCode,
    peerGroup: null,
    territory: [...territory],
  };
}

// A table, one unit a line: prettier would break the rows apart.
// prettier-ignore
export const UNITS: readonly UnitSeed[] = [
  // 市政府 and its two offices (R4.1, R8.1): not handling units, not ranked.
  office('CITY', 'city_government', null, '吉林市人民政府', "Jilin Municipal People's Government", ['袁兆丰', '孟雪梅']),
  office('OFFICE', 'office', 'CITY', '吉林市人民政府市长公开电话办公室（市长电话室）', "Mayor's Public Telephone Office", ['刘凤英', '陈绍华']),
  office('SUPERVISION', 'supervision_office', 'CITY', '吉林市人民政府督查室', 'Supervision Office of the Municipal Government', ['梁雨辰', '毛继红']),

  // 县（市）区政府与开发区管委会 (R4.2.2, R7.2 group district_government).
  government('220202', 'district', '昌邑区人民政府', "Changyi District People's Government", ['马佳琪', '谢亚男']),
  government('220203', 'district', '龙潭区人民政府', "Longtan District People's Government", ['张殿臣', '侯松岩']),
  government('220204', 'district', '船营区人民政府', "Chuanying District People's Government", ['方丽娟', '汪红霞']),
  government('220211', 'district', '丰满区人民政府', "Fengman District People's Government", ['朱秀梅', '蒋晓东']),
  government('220221', 'district', '永吉县人民政府', "Yongji County People's Government", ['苏占江', '熊凤英']),
  government('220281', 'district', '蛟河市人民政府', "Jiaohe Municipal People's Government", ['罗继红', '陈凤山']),
  government('220282', 'district', '桦甸市人民政府', "Huadian Municipal People's Government", ['高丽萍', '曾连生']),
  government('220283', 'district', '舒兰市人民政府', "Shulan Municipal People's Government", ['姚秀兰', '郭晓东']),
  government('220284', 'district', '磐石市人民政府', "Panshi Municipal People's Government", ['邹殿臣', '韩红霞']),
  government('JLHT', 'development_zone', '吉林高新技术产业开发区管理委员会', 'Administrative Committee of Jilin High-tech Zone', ['于晓东', '杨桂芝']),
  government('JLJK', 'development_zone', '吉林经济技术开发区管理委员会', 'Administrative Committee of Jilin Economic and Technological Development Zone', ['孔占江', '徐玉珍']),
  government('JLSF', 'development_zone', '吉林中国新加坡食品区管理委员会', 'Administrative Committee of Sino-Singapore Jilin Food Zone', ['白秀兰', '沈桂芝']),
  government('JLBDH', 'development_zone', '吉林北大湖体育旅游经济开发区管理委员会', 'Administrative Committee of Beidahu Sports Tourism Economic Development Zone', ['田建国', '金永明']),

  // 街道（乡镇）: concrete handling units of their district (R4.2.1, R8.3; R7.2 group street_township).
  local('S220202-YA', 'street', '220202', '延安街道', "Yan'an Subdistrict", ['熊洪涛', '高冬梅']),
  local('S220202-XH', 'street', '220202', '兴华街道', 'Xinghua Subdistrict', ['邓秀兰', '冯秋菊']),
  local('S220202-DJZ', 'street', '220202', '东局子街道', 'Dongjuzi Subdistrict', ['崔庆丰', '顾春雨']),
  local('S220203-XJL', 'street', '220203', '新吉林街道', 'Xinjilin Subdistrict', ['梁振华', '蔡建华']),
  local('S220203-LH', 'street', '220203', '龙华街道', 'Longhua Subdistrict', ['任庆丰', '邹宝华']),
  local('S220203-WLJ', 'township', '220203', '乌拉街满族镇', 'Wulajie Manchu Town', ['谢凤山', '邵凤英']),
  local('S220204-BJL', 'street', '220204', '北京路街道', 'Beijinglu Subdistrict', ['戴宏伟', '江树林']),
  local('S220204-ZH', 'street', '220204', '致和街道', 'Zhihe Subdistrict', ['廖海涛', '姚红梅']),
  local('S220204-DS', 'street', '220204', '德胜街道', 'Desheng Subdistrict', ['林晓东', '郝立新']),
  local('S220211-JN', 'street', '220211', '江南街道', 'Jiangnan Subdistrict', ['夏继伟', '范建国']),
  local('S220211-HQ', 'street', '220211', '红旗街道', 'Hongqi Subdistrict', ['蒋立华', '金秀兰']),
  local('S220211-WQ', 'township', '220211', '旺起镇', 'Wangqi Town', ['钟建国', '姚宏伟']),
  local('S220221-KQ', 'township', '220221', '口前镇', 'Kouqian Town', ['顾国华', '徐秀梅']),
  local('S220221-CLH', 'township', '220221', '岔路河镇', 'Chaluhe Town', ['孔雅琴', '韩长海']),
  local('S220281-MZ', 'street', '220281', '民主街道', 'Minzhu Subdistrict', ['姚新民', '汪永明']),
  local('S220281-TG', 'township', '220281', '天岗镇', 'Tiangang Town', ['马丽萍', '邹继红']),
  local('S220282-MH', 'street', '220282', '明桦街道', 'Minghua Subdistrict', ['程丽娟', '邹兆丰']),
  local('S220282-JPG', 'township', '220282', '夹皮沟镇', 'Jiapigou Town', ['孔艳秋', '余卫东']),
  local('S220283-BC', 'street', '220283', '北城街道', 'Beicheng Subdistrict', ['白世杰', '万忠良']),
  local('S220283-FT', 'township', '220283', '法特镇', 'Fate Town', ['郝连生', '谭德明']),
  local('S220284-YTS', 'township', '220284', '烟筒山镇', 'Yantongshan Town', ['史志刚', '吕雨辰']),
  local('S220284-MC', 'township', '220284', '明城镇', 'Mingcheng Town', ['赵秋菊', '潘殿臣']),

  // 市直部门 (R4.2.2; R7.2 group city_department).
  cityDepartment('DEPT-ZJJ', '吉林市住房和城乡建设局', 'Jilin Municipal Bureau of Housing and Urban-Rural Development', ['陆丽娟', '程松岩']),
  cityDepartment('DEPT-CGJ', '吉林市城市管理行政执法局', 'Jilin Municipal Bureau of Urban Management and Law Enforcement', ['丁文博', '蔡铁军']),
  cityDepartment('DEPT-STHJ', '吉林市生态环境局', 'Jilin Municipal Bureau of Ecology and Environment', ['梁丽娟', '董明哲']),
  cityDepartment('DEPT-SCJG', '吉林市市场监督管理局', 'Jilin Municipal Administration for Market Regulation', ['方桂芝', '郭红霞']),
  cityDepartment('DEPT-WJW', '吉林市卫生健康委员会', 'Jilin Municipal Health Commission', ['谭雨辰', '汪延军']),
  cityDepartment('DEPT-JTJ', '吉林市交通运输局', 'Jilin Municipal Transport Bureau', ['段雪梅', '邵忠良']),
  cityDepartment('DEPT-JYJ', '吉林市教育局', 'Jilin Municipal Education Bureau', ['沈学文', '邓东升']),
  cityDepartment('DEPT-RSJ', '吉林市人力资源和社会保障局', 'Jilin Municipal Bureau of Human Resources and Social Security', ['宋广志', '吕庆丰']),
  cityDepartment('DEPT-GAJ', '吉林市公安局', 'Jilin Municipal Public Security Bureau', ['崔晓东', '孙秀兰']),
  cityDepartment('DEPT-YJJ', '吉林市应急管理局', 'Jilin Municipal Emergency Management Bureau', ['周殿臣', '蒋殿臣']),
  cityDepartment('DEPT-ZRZY', '吉林市自然资源局', 'Jilin Municipal Bureau of Natural Resources', ['韩延军', '毛国庆']),
  cityDepartment('DEPT-SLJ', '吉林市水利局', 'Jilin Municipal Water Resources Bureau', ['孔永明', '魏建华']),
  cityDepartment('DEPT-MZJ', '吉林市民政局', 'Jilin Municipal Civil Affairs Bureau', ['何继伟', '林卫东']),

  // 市直部门的下属单位: concrete handling units for urgent tickets (R4.2.1); not ranked on their own.
  subordinate('SUB-ZJJ-SZ', 'department_subunit', 'DEPT-ZJJ', '吉林市市政设施管理处', 'Jilin Municipal Facilities Administration', ['石庆丰', '陆玉珍'], CITY_PROPER),
  subordinate('SUB-CGJ-HW', 'department_subunit', 'DEPT-CGJ', '吉林市环境卫生管理处', 'Jilin Municipal Sanitation Administration', ['邱成林', '胡凤英'], CITY_PROPER),
  subordinate('SUB-CGJ-ZD', 'department_subunit', 'DEPT-CGJ', '吉林市城市管理行政执法支队', 'Jilin Urban Management Law Enforcement Detachment', ['傅瑞雪', '康继伟'], CITY_PROPER),
  subordinate('SUB-STHJ-CY', 'department_subunit', 'DEPT-STHJ', '吉林市生态环境局船营区分局', 'Chuanying Branch, Jilin Municipal Bureau of Ecology and Environment', ['卢立新', '彭雅琴'], ['220204']),
  subordinate('SUB-SCJG-CY', 'department_subunit', 'DEPT-SCJG', '吉林市市场监督管理局船营分局', 'Chuanying Branch, Jilin Municipal Administration for Market Regulation', ['万志远', '李国庆'], ['220204']),
  subordinate('SUB-SCJG-CYI', 'department_subunit', 'DEPT-SCJG', '吉林市市场监督管理局昌邑分局', 'Changyi Branch, Jilin Municipal Administration for Market Regulation', ['孔守信', '钟明哲'], ['220202']),
  subordinate('SUB-WJW-CDC', 'department_subunit', 'DEPT-WJW', '吉林市疾病预防控制中心', 'Jilin Municipal Center for Disease Control and Prevention', ['杨卫东', '李长青'], ALL),
  subordinate('SUB-GAJ-JJ', 'department_subunit', 'DEPT-GAJ', '吉林市公安局交通警察支队', 'Traffic Police Detachment, Jilin Municipal Public Security Bureau', ['何雅琴', '范宏伟'], ALL),

  // 区级政府部门, modelled for 船营区 only (R4.2.1); not ranked on their own.
  subordinate('DD220204-ZJJ', 'district_department', 'D220204', '船营区住房和城乡建设局', 'Chuanying District Bureau of Housing and Urban-Rural Development', ['姜文博', '毛文静'], ['220204']),
  subordinate('DD220204-CGJ', 'district_department', 'D220204', '船营区城市管理行政执法局', 'Chuanying District Bureau of Urban Management and Law Enforcement', ['冯东升', '魏立平'], ['220204']),
  subordinate('DD220204-WJJ', 'district_department', 'D220204', '船营区卫生健康局', 'Chuanying District Health Bureau', ['赵海燕', '姚晓东'], ['220204']),
  subordinate('DD220204-YJJ', 'district_department', 'D220204', '船营区应急管理局', 'Chuanying District Emergency Management Bureau', ['沈秋菊', '白晓峰'], ['220204']),

  // 中省直部门 and 供水、供电、供热、供气企业 (R4.2, R7.2 group provincial_enterprise, R7.4).
  outsideBody('PROV-TAX', 'provincial_department', '国家税务总局吉林市税务局', 'Jilin Municipal Tax Service, State Taxation Administration', ['康瑞雪', '许亚男']),
  outsideBody('PROV-POST', 'provincial_department', '吉林市邮政管理局', 'Jilin Municipal Postal Administration', ['苏雅琴', '黄宏伟']),
  outsideBody('ENT-WATER', 'enterprise', '吉林市水务集团有限公司', 'Jilin Water Group Co., Ltd.', ['戴庆丰', '傅玉霞']),
  outsideBody('ENT-POWER', 'enterprise', '国网吉林供电公司', 'State Grid Jilin Power Supply Company', ['杜立新', '钟守信']),
  outsideBody('ENT-HEAT', 'enterprise', '吉林市热力集团有限公司', 'Jilin Heating Group Co., Ltd.', ['唐秀兰', '罗晓东']),
  outsideBody('ENT-GAS', 'enterprise', '吉林市燃气集团有限公司', 'Jilin Gas Group Co., Ltd.', ['魏铁军', '徐松岩']),

  // Their subordinate units: concrete handling units for urgent tickets (R4.2.1); not ranked on their own.
  subordinate('ENT-WATER-SUPPLY', 'enterprise', 'ENT-WATER', '吉林市水务集团供水分公司', 'Water Supply Branch, Jilin Water Group', ['黄凤山', '侯瑞雪'], CITY_PROPER),
  subordinate('ENT-WATER-DRAIN', 'enterprise', 'ENT-WATER', '吉林市水务集团排水分公司', 'Drainage Branch, Jilin Water Group', ['熊福军', '魏明远'], CITY_PROPER),
  subordinate('ENT-POWER-URBAN', 'enterprise', 'ENT-POWER', '国网吉林供电公司城区供电服务中心', 'Urban Power Supply Service Center, State Grid Jilin', ['罗继伟', '徐建华'], URBAN),
  subordinate('ENT-POWER-YJ', 'enterprise', 'ENT-POWER', '国网永吉县供电公司', 'State Grid Yongji County Power Supply Company', ['赵学文', '田景春'], ['220221']),
  subordinate('ENT-HEAT-JB', 'enterprise', 'ENT-HEAT', '吉林市热力集团江北分公司', 'Jiangbei Branch, Jilin Heating Group', ['孔凤霞', '董松岩'], ['220202', '220203', '220204', 'JLJK']),
  subordinate('ENT-HEAT-JN', 'enterprise', 'ENT-HEAT', '吉林市热力集团江南分公司', 'Jiangnan Branch, Jilin Heating Group', ['杜秋菊', '苏志远'], ['220211', 'JLHT']),
  subordinate('ENT-GAS-RESCUE', 'enterprise', 'ENT-GAS', '吉林市燃气集团抢修中心', 'Emergency Repair Center, Jilin Gas Group', ['孙殿臣', '袁国庆'], CITY_PROPER),
];
