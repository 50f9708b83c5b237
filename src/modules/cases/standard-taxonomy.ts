/**
 * The category taxonomy a city starts from: urban-management events (事件)
 * and components (部件) after GB/T 30428 (digital city management) and the
 * common livelihood requests of hotline practice. Codes: SJ = event,
 * BJ = component, MS = livelihood (民生), then major class (2 digits) and
 * subclass (2 digits). Registration and closure conditions are local examples.
 * Cities edit it through the API; this is only the seed.
 */
import type { AttributeDefinition } from './attributes.js';
import type { CategoryInput } from './taxonomy.js';

const question = (a: Partial<AttributeDefinition> & Pick<AttributeDefinition, 'code' | 'description' | 'datatype'>): AttributeDefinition => ({
  variable: true,
  required: false,
  datatypeDescription: '',
  order: 1,
  values: [],
  ...a,
});

type Sub = [code: string, name: string, extra?: Partial<CategoryInput>];

function major(code: string, name: string, kind: CategoryInput['kind'], subs: Sub[], extra: Partial<CategoryInput> = {}): CategoryInput[] {
  return [
    { code, parentCode: null, name, kind, ...extra },
    ...subs.map(([sub, subName, more], i) => ({ code: `${code}${sub}`, parentCode: code, name: subName, kind, sortOrder: i, ...extra, ...more })),
  ];
}

export const STANDARD_TAXONOMY: CategoryInput[] = [
  ...major('SJ01', '市容环境', 'event', [
    ['01', '私搭乱建', { registrationCondition: '未经批准搭建的建筑物、构筑物', closureCondition: '已停止施工并拆除' }],
    [
      '02',
      '暴露垃圾',
      {
        registrationCondition: '道路、广场等公共区域暴露垃圾 0.5 平方米以上',
        closureCondition: '垃圾已清除，地面干净',
        keywords: ['垃圾', '脏乱'],
        attributes: [
          question({
            code: 'VOLUME',
            description: '垃圾量',
            datatype: 'singlevaluelist',
            required: true,
            values: [
              { key: 'small', name: '少量（1 平方米以内）' },
              { key: 'medium', name: '较多（1–5 平方米）' },
              { key: 'large', name: '大量（5 平方米以上）' },
            ],
          }),
        ],
      },
    ],
    ['03', '建筑垃圾/渣土', { closureCondition: '渣土已清运' }],
    ['04', '道路保洁', { closureCondition: '路面已清扫' }],
    ['05', '绿地保洁'],
    ['06', '绿地养护'],
    ['07', '焚烧垃圾'],
  ]),
  ...major('SJ02', '宣传广告', 'event', [
    ['01', '违规张贴小广告', { keywords: ['小广告', '牛皮癣'] }],
    ['02', '违规户外广告'],
  ]),
  ...major('SJ03', '施工管理', 'event', [
    ['01', '施工扰民', { keywords: ['施工', '噪音'] }],
    ['02', '道路开挖未恢复'],
  ]),
  ...major('SJ04', '街面秩序', 'event', [
    ['01', '占道经营', { keywords: ['摆摊', '占道'] }],
    ['02', '非机动车乱停放'],
    ['03', '无照游商'],
  ]),
  ...major('SJ05', '突发事件', 'event', [
    ['01', '道路积水'],
    ['02', '路面塌陷'],
    ['03', '燃气泄漏', { keywords: ['燃气', '煤气', '泄漏'] }],
  ]),
  ...major('BJ01', '公用设施', 'component', [
    [
      '01',
      '井盖损坏或缺失',
      {
        attributes: [
          question({
            code: 'COVER_STATE',
            description: '井盖状况',
            datatype: 'singlevaluelist',
            required: true,
            values: [
              { key: 'missing', name: '缺失' },
              { key: 'broken', name: '破损' },
              { key: 'displaced', name: '移位' },
            ],
          }),
        ],
      },
    ],
    ['02', '路灯故障', { keywords: ['路灯'] }],
    ['03', '消防栓损坏'],
  ]),
  ...major('BJ02', '道路交通', 'component', [
    ['01', '交通信号灯故障'],
    ['02', '护栏损坏'],
  ]),
  ...major('BJ03', '市容环境设施', 'component', [
    ['01', '垃圾箱损坏或满溢'],
    ['02', '公厕设施损坏'],
  ]),
  ...major('BJ04', '园林绿化', 'component', [
    ['01', '行道树倒伏或枯死'],
    ['02', '绿地设施损坏'],
  ]),
  ...major('BJ06', '其他设施', 'component', [['01', '健身器材损坏']]),
  ...major('MS01', '供水', 'livelihood', [
    ['01', '停水', { keywords: ['停水'] }],
    ['02', '水压低或水质问题'],
  ]),
  ...major('MS02', '供电', 'livelihood', [['01', '停电', { keywords: ['停电'] }]]),
  ...major('MS03', '供气', 'livelihood', [['01', '燃气供应中断']]),
  ...major('MS04', '物业管理', 'livelihood', [
    ['01', '小区环境卫生'],
    ['02', '电梯故障', { keywords: ['电梯'] }],
    ['03', '物业服务纠纷'],
  ]),
  ...major('MS05', '噪声扰民', 'livelihood', [
    ['01', '社会生活噪声'],
    ['02', '商业经营噪声'],
  ]),
  // Personal matters: handled like any case, never published through Open311.
  ...major('MS06', '邻里纠纷', 'livelihood', [['01', '邻里矛盾调解']], { public: false }),
  ...major('MS07', '社会救助', 'livelihood', [
    ['01', '低保与特困救助', { public: false }],
    ['02', '临时救助', { public: false }],
  ], { public: false }),
  ...major('MS08', '养老服务', 'livelihood', [['01', '居家养老服务']], { public: false }),
];
