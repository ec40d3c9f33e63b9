/**
 * 事项关键词 — the words by which a request names a matter of the category tree (R3, R4.2): the keyword part of
 * the 派单目录 a hotline keeps beside "category × district → unit". Written from the categories' meaning, the
 * way an operator learns them (停水 is a water outage, 物业费 a 物业 dispute, 打桩 a construction site), not
 * from any labelled request; an administrator extends it like the rest of the reference data.
 *
 * How an entry reads: any of `words` in the text names the category; where `with` is given one of those words
 * must be there too (施工 + 噪音 is construction noise, not either alone); any of `unless` in the text cancels
 * the entry (停水 beside 物业费 is a fee dispute, not an outage — R3.1 is about sudden outages). `weight` is
 * how much the words say (1 by default; a word that settles the matter on its own weighs more).
 */
import type { KeywordEntry } from '../../../domain/dispatch/keywords.js';

/** Words that turn a supply cut into a dispute with the property manager or the utility over money. */
const FEE_DISPUTE = ['物业费', '欠费', '没交', '未交', '未缴', '欠缴', '拖欠', '先交费', '交费才'];
/** A cut announced in advance, or over already: a question or a claim, not a sudden outage (R3.1). */
const NOT_SUDDEN = ['计划停', '检修', '已经恢复', '已恢复', '恢复了', '几点到几点'];
const NOT_OUTAGE = [...FEE_DISPUTE, ...NOT_SUDDEN];

export const CATEGORY_KEYWORDS: readonly KeywordEntry[] = [
  // 紧急类 (R3.1): the sudden outage, leak, pollution or hazard itself.
  {
    category: 'C160101',
    words: ['停水', '断水', '没水', '没有水', '不来水', '来水', '水停了', '停了水', '自来水停'],
    unless: NOT_OUTAGE,
    weight: 2,
  },
  {
    category: 'C160102',
    words: ['水管爆', '爆管', '自来水管破', '水管破裂', '供水管道', '跑水'],
    unless: ['暖气', '供热'],
    weight: 3,
  },
  {
    category: 'C160103',
    words: ['水发黄', '水质', '黄水', '水浑浊', '水有异味', '自来水有味'],
    with: ['水'],
    weight: 2,
  },
  {
    category: 'C160201',
    words: ['停电', '断电', '没电', '不来电', '来电', '电停了'],
    unless: NOT_OUTAGE,
    weight: 2,
  },
  {
    category: 'C160202',
    words: ['电线', '高压线', '电缆'],
    with: ['断', '掉', '落', '火花', '垂'],
    weight: 3,
  },
  { category: 'C160203', words: ['变压器', '箱变', '配电箱冒烟'], weight: 3 },
  {
    category: 'C160301',
    words: ['停暖', '停热', '暖气停', '暖气突然', '断暖', '停止供暖', '没有暖气'],
    unless: [...FEE_DISPUTE, '提前', '停供', '供暖费'],
    weight: 2,
  },
  {
    category: 'C160302',
    words: ['供热管道', '暖气管道', '热力管道', '暖气管爆', '供热管网'],
    with: ['爆', '漏', '冒'],
    weight: 3,
  },
  {
    category: 'C160401',
    words: ['燃气泄漏', '燃气味', '煤气味', '天然气味', '液化气味', '漏气', '煤气泄漏', '天然气泄漏'],
    weight: 3,
  },
  {
    category: 'C160402',
    words: ['燃气管道', '燃气管', '煤气管道'],
    with: ['挖破', '破', '断', '损坏', '漏'],
    weight: 3,
  },
  { category: 'C160403', words: ['停气', '断气', '没有燃气', '不来气'], unless: FEE_DISPUTE, weight: 2 },
  {
    category: 'C160501',
    words: ['死鱼', '河水发黑', '直排', '直排污水', '排污', '污水排', '偷排污水', '水体污染'],
    weight: 2,
  },
  {
    category: 'C160502',
    words: ['偷排', '刺鼻', '废气', '冒黑烟', '黑烟', '粉尘', '异味熏'],
    unless: ['死鱼'],
    weight: 2,
  },
  { category: 'C160503', words: ['化学品泄漏', '危化品泄漏', '危险化学品'], weight: 3 },
  { category: 'C160601', words: ['传染病', '疫情', '发烧呕吐', '集体发烧', '狂犬'], weight: 3 },
  { category: 'C160603', words: ['一氧化碳中毒', '煤气中毒', '集体中毒'], weight: 3 },
  {
    category: 'C160701',
    words: ['食物中毒', '吃完', '吃了'],
    with: ['上吐下泻', '中毒', '呕吐', '拉肚子'],
    weight: 3,
  },
  {
    category: 'C160702',
    words: ['地沟油', '过期食品', '变质', '三无', '病死猪', '过期了还在卖', '已经过期'],
    weight: 3,
  },
  { category: 'C160801', words: ['井盖'], weight: 3 },
  { category: 'C160802', words: ['塌陷', '坍塌', '塌了'], weight: 3 },
  { category: 'C160803', words: ['护栏'], with: ['断', '坏', '掉', '松'], weight: 2 },
  { category: 'C160804', words: ['路灯杆', '电线杆', '线杆'], with: ['倒', '歪', '倾斜'], weight: 3 },
  { category: 'C160805', words: ['树倒', '大树倒', '树木倒', '树倒了', '树被刮倒', '树枝断'], weight: 3 },
  {
    category: 'C160806',
    words: ['广告牌', '牌匾', '招牌'],
    with: ['掉', '晃', '坠', '松动', '脱落'],
    weight: 3,
  },
  { category: 'C160807', words: ['电梯困人', '困在电梯', '困电梯'], weight: 4 },
  { category: 'C160807', words: ['电梯'], with: ['困', '被关'], weight: 3 },
  {
    category: 'C160901',
    words: ['内涝', '积水', '进水', '倒灌', '水淹'],
    with: ['雨', '下雨', '暴雨', '车库', '路口', '淹'],
    weight: 2,
  },
  { category: 'C160902', words: ['洪水', '决堤', '堤坝', '水位', '山洪'], weight: 2 },
  { category: 'C160903', words: ['积雪', '清雪', '路面结冰', '暴雪'], weight: 2 },
  { category: 'C160904', words: ['滑坡', '泥石流', '山体', '落石'], weight: 3 },
  { category: 'C160905', words: ['山火', '森林火灾', '林地着火'], weight: 3 },
  {
    category: 'C1609',
    words: ['着火', '火灾', '起火', '失火', '冒着黑烟'],
    unless: ['山火', '森林'],
    weight: 3,
  },

  // 城市建设和市政管理 (C0102) and the general kinds of R3.2.
  {
    category: 'C010208',
    words: ['暖气不热', '室温', '供暖费', '采暖费', '停供', '供暖', '暖气', '供热'],
    weight: 1,
  },
  { category: 'C010213', words: ['燃气', '天然气', '燃气费', '燃气表', '燃气公司'], weight: 1 },
  { category: 'C010215', words: ['电费', '电表', '电压', '供电', '用电'], weight: 1 },
  {
    category: 'C010216',
    words: ['水费', '水表', '水压', '自来水', '计划停水', '停水检修', '供水'],
    weight: 1,
  },
  {
    category: 'C010217',
    words: ['占道', '摆摊', '商贩', '小贩', '出店经营', '摆到人行道', '占着马路', '流动摊'],
    weight: 2,
  },
  {
    category: 'C010218',
    words: ['下水井', '下水道', '雨水箅', '排水不畅', '排不出去', '污水漫', '返水', '化粪池', '管道堵'],
    unless: ['井盖', '直排', '偷排'],
    weight: 2,
  },
  {
    category: 'C010214',
    words: ['垃圾', '清运', '环卫', '公厕', '公共厕所', '扫街', '清扫', '随地大小便'],
    unless: ['建筑垃圾'],
    weight: 1.5,
  },
  { category: 'C010207', words: ['公园'], weight: 0.5 },
  { category: 'C010204', words: ['路灯', '不亮'], with: ['路灯'], weight: 2 },
  {
    category: 'C010211',
    words: ['坑洼', '大坑', '路面破损', '方砖', '人行道破', '马路坏', '路坏了', '翘起'],
    unless: ['村里', '村道'],
    weight: 2,
  },
  {
    category: 'C010302',
    words: ['违建', '违章建筑', '私搭乱建', '乱搭乱建', '扩建', '彩钢房', '违规盖', '盖房子', '加盖'],
    unless: ['宅基地'],
    weight: 2,
  },
  { category: 'C011017', words: ['漏雨', '房顶漏', '屋顶漏'], weight: 3 },
  {
    category: 'C011003',
    words: ['物业', '物业费', '业主委员会', '业委会', '业主大会', '物业公司'],
    weight: 1.5,
  },
  {
    category: 'C011003',
    words: FEE_DISPUTE,
    with: ['停水', '停电', '断水', '断电', '停暖', '水给停', '电给断', '电给停', '停了'],
    weight: 4,
  },
  { category: 'C011010', words: ['房产证', '不动产登记', '不动产证'], weight: 3 },
  { category: 'C011006', words: ['开发商', '交房', '延期交房'], weight: 2 },
  { category: 'C011001', words: ['公积金'], weight: 3 },
  { category: 'C011008', words: ['承重墙', '砸墙', '装修'], with: ['承重', '楼体', '安全'], weight: 2 },
  { category: 'C010607', words: ['棚户区', '棚改', '回迁', '过渡费', '拆迁', '征收'], weight: 2 },

  // 噪音: where it comes from decides who handles it (R3.2 噪音扰民 is 属地; a construction site is environmental).
  {
    category: 'C040212',
    words: [
      '噪音',
      '扰民',
      '太吵',
      '吵闹',
      '很吵',
      '吵到',
      '吵得',
      '喧哗',
      '喇叭',
      '广场舞',
      '音响',
      '叫卖',
      '狗叫',
      '天天晚上叫',
    ],
    weight: 1.5,
  },
  {
    category: 'C040203',
    words: ['工地', '施工', '打桩', '浇筑', '搅拌'],
    with: ['夜', '晚上', '凌晨', '噪音', '吵', '声音', '睡不着'],
    unless: ['燃气管道', '燃气味', '煤气味'],
    weight: 2.5,
  },

  // 环境保护 (C04), 国土资源 (C03), 水利 (C1012), 安全生产 (C0101).
  {
    category: 'C0402',
    words: ['污染', '排放', '异味', '臭味'],
    unless: ['垃圾', '厕所', '养鸡', '泼粪'],
    weight: 0.8,
  },
  { category: 'C030403', words: ['耕地', '占地', '占了他们的地', '土地被占', '占了盖'], weight: 2 },
  { category: 'C030202', words: ['开矿', '采矿', '炸山', '私挖'], weight: 2.5 },
  { category: 'C101207', words: ['河道', '采砂', '挖沙', '河堤', '江堤'], weight: 2 },
  {
    category: 'C010103',
    words: ['安全隐患', '汽油', '柴油', '加油站', '液化气罐', '危险品', '易燃易爆', '鞭炮'],
    weight: 2,
  },

  // 交通运输 (C06), 公安 (C13).
  {
    category: 'C010206',
    words: ['公交车', '公交', '路公交', '站点', '线路'],
    with: ['公交', '车'],
    weight: 2,
  },
  { category: 'C060103', words: ['出租车', '拒载', '绕路', '宰客', '打表'], weight: 2.5 },
  { category: 'C060104', words: ['网约车', '滴滴'], weight: 3 },
  { category: 'C060206', words: ['收费站', 'ETC', '高速公路', '过路费'], weight: 2.5 },
  { category: 'C060404', words: ['客车', '大巴', '超载', '长途车'], weight: 2 },
  { category: 'C060604', words: ['快递', '快递柜', '快递员', '签收', '物流'], weight: 2.5 },
  { category: 'C060601', words: ['邮政', '挂号信', '邮件', '包裹'], weight: 2.5 },
  {
    category: 'C130504',
    words: [
      '红绿灯',
      '信号灯',
      '乱停',
      '违停',
      '乱停乱放',
      '交警',
      '堵车',
      '拥堵',
      '飙车',
      '改装车',
      '闯红灯',
      '堵得',
    ],
    weight: 2,
  },
  {
    category: 'C130503',
    words: ['驾驶证', '驾照', '行驶证', '车辆年检', '换证'],
    with: ['驾', '车'],
    weight: 3,
  },
  { category: 'C130401', words: ['户口', '落户', '户籍'], unless: ['户籍在'], weight: 3 },
  { category: 'C130405', words: ['身份证'], weight: 3 },
  { category: 'C130804', words: ['赌博', '吸毒', '卖淫'], weight: 3 },
  {
    category: 'C130807',
    words: ['诈骗', '被骗', '冒充公检法', '打架', '偷', '盗窃', '遛狗不拴绳', '不拴绳', '烈性犬'],
    weight: 2.5,
  },

  // 教育 (C14), 劳动和社会保障 (C15), 民政 (C09), 卫生 (C12), 市场 (C11), 税务 (C070503).
  {
    category: 'C140204',
    words: ['学校', '小学', '中学', '老师', '班主任', '同学', '校服', '教辅', '上学', '入学', '放学'],
    weight: 1.5,
  },
  {
    category: 'C140303',
    words: ['幼儿园', '赞助费', '择校费', '补课费', '补习班', '学费'],
    with: ['幼儿园', '学校', '老师', '补习', '学费'],
    weight: 2,
  },
  { category: 'C140209', words: ['培训机构', '校外培训', '培训班'], weight: 2.5 },
  { category: 'C140104', words: ['代课老师', '教师工资', '老师工资', '代课教师'], weight: 3 },
  {
    category: 'C150306',
    words: ['拖欠工资', '欠薪', '工资不给', '不发工资', '拖欠我', '农民工工资', '工资'],
    with: ['欠', '不给', '不发', '没发', '拖'],
    weight: 2.5,
  },
  { category: 'C150201', words: ['社保', '养老保险', '医保', '失业保险', '灵活就业'], weight: 2.5 },
  { category: 'C150202', words: ['工伤'], weight: 3 },
  { category: 'C150601', words: ['劳动合同', '辞退', '经济补偿', '开除', '试用期'], weight: 2.5 },
  { category: 'C150905', words: ['退休金', '养老金', '退休工资'], weight: 3 },
  { category: 'C090903', words: ['低保', '困难补助', '特困'], weight: 3 },
  { category: 'C090102', words: ['养老院', '敬老院', '福利院', '老年食堂'], weight: 2.5 },
  { category: 'C090803', words: ['殡葬', '丧葬', '墓地', '火化'], weight: 3 },
  { category: 'C090802', words: ['结婚登记', '离婚登记', '婚姻登记'], weight: 3 },
  { category: 'C090804', words: ['流浪', '乞讨', '无家可归'], weight: 3 },
  { category: 'C091001', words: ['退役军人', '优抚', '烈属', '军属'], weight: 3 },
  { category: 'C090303', words: ['居委会选举', '村委会选举', '拉票', '选举'], weight: 2 },
  { category: 'C120601', words: ['医院', '医生', '看病', '挂号', '专家号', '过度检查', '护士'], weight: 2 },
  { category: 'C120603', words: ['非法行医', '行医资格', '黑诊所', '无证行医', '诊所'], weight: 2.5 },
  { category: 'C110403', words: ['退换', '质量问题', '假货', '商家', '售后'], weight: 1.5 },
  {
    category: 'C110408',
    words: ['涨价', '价格', '乱收费', '收费太贵', '门票', '多收钱', '宰客'],
    unless: ['供暖费', '物业费', '学费', '赞助费'],
    weight: 1.5,
  },
  { category: 'C110404', words: ['跑路', '年卡', '预付卡', '会员卡', '健身房', '美容院'], weight: 2 },
  { category: 'C070503', words: ['发票', '个人所得税', '个税', '退税', '纳税', '税务', '开票'], weight: 2.5 },
  { category: 'C110103', words: ['景区', '门票', '导游'], weight: 1 },

  // 属地 matters the catalogue leaves to the street or township (R8.3): neighbours, villages, communities.
  {
    category: 'C100205',
    words: ['村务', '村干部', '村集体', '集体财务', '账目不公开', '村委会', '村里卖地'],
    weight: 2.5,
  },
  { category: 'C101302', words: ['宅基地'], weight: 3 },
  { category: 'C100501', words: ['惠农补贴', '粮食补贴', '种粮补贴', '农机补贴'], weight: 3 },
  {
    category: 'C090301',
    words: [
      '社区工作人员',
      '社区',
      '居委会',
      '楼道里',
      '邻居',
      '柴火垛',
      '养鸡',
      '种菜',
      '晾晒',
      '集市',
      '健身器材',
      '私拉电线',
      '协调',
    ],
    weight: 1,
  },
];
