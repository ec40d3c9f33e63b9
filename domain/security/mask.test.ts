import { describe, expect, it } from 'vitest';
import {
  maskFreeText,
  maskAddress,
  maskIdNumber,
  maskName,
  maskNumbersInText,
  maskPersonalData,
  maskPhone,
} from './mask.js';

describe('R9.1 masked personal data for viewers who do not handle the ticket', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['王小明', '王**'],
    ['张', '*'],
    ['  李四 ', '李*'],
    ['阿依古丽·买买提', '阿*******'],
    ['𠮷野家', '𠮷**'],
    ['John Smith', 'J*'],
    ['li', 'l*'],
    ['', ''],
  ])('R9.1 when the name is %j, then it is shown as %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['138-1234-5678', '138****5678'],
    ['+86 13812345678', '138****5678'],
    ['008613812345678', '138****5678'],
    ['１３８１２３４５６７８', '138****5678'],
    ['0432-62345678', '0432-****5678'],
    ['043262345678', '0432-****5678'],
    ['(0432) 6234567', '0432-***4567'],
    ['010-62345678', '010-****5678'],
    ['021 12345678', '021-****5678'],
    ['+86 432 62345678', '0432-****5678'],
    ['0432-62345678-801', '0432-****5678'],
    ['0432-62345678转801', '0432-****5678'],
    ['62345678', '****5678'],
    ['12345', '****'],
    ['', '****'],
  ])('R9.1 when the phone is %j, then it is shown as %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it.each([
    ['220202199001011234', '**************1234'],
    ['22020219900101123x', '**************123X'],
    ['220202900101123', '***********1123'],
    ['E12345678', '*****5678'],
    ['12345', '*****'],
  ])('R9.1 when the ID number is %j, then only the last 4 remain: %j', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
  });

  it.each([
    ['吉林市船营区北京路街道某某小区3栋2单元501', '吉林市船营区北京路街道****'],
    ['吉林省吉林市船营区北京路街道某某小区3栋', '吉林省吉林市船营区北京路街道****'],
    ['吉林市船营区北京路18号', '吉林市船营区****'],
    ['吉林市丰满区吉林大街99号', '吉林市丰满区****'],
    ['吉林市某某小区3栋', '吉林市****'],
    ['吉林省吉林市蛟河市天岗镇某某村5组', '吉林省吉林市蛟河市天岗镇****'],
    ['白城市镇赉县镇赉镇向阳村', '白城市镇赉县镇赉镇****'],
    ['永吉县口前镇某某街12号', '永吉县口前镇****'],
    ['舒兰市某某乡某某村', '舒兰市某某乡****'],
    ['船营区北京路街道某某社区', '船营区北京路街道****'],
    ['北京路街道某某小区', '北京路街道****'],
    ['延边朝鲜族自治州延吉市某某街道某某小区', '延边朝鲜族自治州延吉市某某街道****'],
    ['内蒙古自治区兴安盟乌兰浩特市某某街道1号', '内蒙古自治区兴安盟乌兰浩特市某某街道****'],
    ['吉林市 船营区 北京路街道 3栋', '吉林市船营区北京路街道****'],
    ['某某小区3栋2单元501', '****'],
    ['3栋2单元501', '****'],
  ])('R9.1 when the address is %j, then divisions down to the street remain: %j', (address, masked) => {
    expect(maskAddress(address)).toBe(masked);
  });

  it('R9.1 when a complainant is masked, then every part is masked and absent parts stay absent', () => {
    expect(
      maskPersonalData({ name: '张三', phone: '13812345678', idNumber: null, address: undefined }),
    ).toEqual({
      name: '张*',
      phone: '138****5678',
      idNumber: null,
      address: undefined,
    });
    expect(
      maskPersonalData({
        name: '欧阳娜娜',
        phone: '0432-62345678',
        idNumber: '220202199001011234',
        address: '吉林市船营区北京路街道某某小区3栋2单元501',
        unmasked: false,
      }),
    ).toEqual({
      name: '欧***',
      phone: '0432-****5678',
      idNumber: '**************1234',
      address: '吉林市船营区北京路街道****',
      unmasked: false,
    });
  });
});

describe('R9.1 numbers in a reply shown on the public page', () => {
  it('hides phone and ID numbers but keeps dates, house numbers and short figures', () => {
    expect(
      maskNumbersInText(
        '请联系王师傅 139 1234 5678 或 0432-62345678，身份证 22020219900101123X，已于 2026-12-05 修好 3 栋 501 的 2 盏灯',
      ),
    ).toBe(
      '请联系王师傅 *******5678 或 ********5678，身份证 **************123X，已于 2026-12-05 修好 3 栋 501 的 2 盏灯',
    );
  });
});

describe('maskFreeText (R9.1: personal data typed into free text)', () => {
  it('masks mobiles, landlines with an area code, ID numbers and the given names', () => {
    expect(maskFreeText('我叫张三，电话13812345678，身份证220202199001011234。', ['张三'])).toBe(
      '我叫张*，电话138****5678，身份证**************1234。',
    );
    expect(maskFreeText('联系 138 1234 5678 或 +86 138-1234-5678')).toBe('联系 138****5678 或 138****5678');
    expect(maskFreeText('座机0432-62345678，(0432)62345678')).toBe('座机0432-****5678，0432-****5678');
    expect(maskFreeText('身份证22020219900101123X，旧证 220202900101123')).toBe(
      '身份证**************123X，旧证 ***********1123',
    );
    expect(maskFreeText('１３８１２３４５６７８')).toBe('138****5678');
    expect(maskFreeText('电话：62345678')).toBe('电话：****5678');
  });

  it('leaves dates, amounts, house numbers and ticket codes readable', () => {
    const plain = '工单 JL20261110-0001，2026-11-10 起，3栋2单元501，费用 12000000 元，邮编 132011';
    expect(maskFreeText(plain)).toBe(plain);
    expect(maskFreeText('张三', [])).toBe('张三');
    expect(maskFreeText('张', ['张'])).toBe('张');
  });
});
