<?xml version="1.0" encoding="UTF-8"?>
<!-- 《网络安全等级保护备案表》 (2.0, 6 tables), one per unit: cover, 表一 once, then for every
     定级对象 表二 定级对象情况, 表三 定级情况, 表四 新技术新应用场景补充信息, 表五 提交材料情况
     and 表六 数据摸底调查表 (one per data item), titled 表N（对象名）.
     Layout: ../shared/domain/mlps-reference.md §1.2 and mlps-reference-2.md §1.3 (表一 8 columns,
     表二 9, 表三 5, cell positions of the real template's filler). The official 2.0 edition was
     not seen; choices where sources disagree are kept here and in codes.xml:
     - the cover's 备案日期 and 定级对象编号 print blank (filled by hand / by the police);
     - 业务类型, 服务对象 and 网络互联情况 print without codes (one tool prints none, the other
       numbers them differently, reference-2 D11); 管理控制 is a 2007-only option (codes.xml);
     - 表三 items use codes.xml matrix/@form-2.0 wording, grouped by the GB/T 22240 level;
     - 表六 options of lists whose codes are words are numbered by their place (1 一般数据 …). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" extension-element-prefixes="f" exclude-result-prefixes="f">
  <xsl:import href="fragments/form.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="form" select="'2.0'"/>
  <xsl:variable name="u" select="/unit"/>
  <xsl:variable name="objects" select="/unit/systems/system"/>

  <xsl:template match="/">
    <document title="网络安全等级保护备案表" author="{normalize-space(/unit/name)}"
              subject="网络安全等级保护备案表（2.0）" keywords="等级保护,备案表,等保2.0">
      <section margin-top="22" margin-left="25" width="160" height="255" page-numbers="none"/>
      <xsl:call-template name="cover"/>
      <section margin-top="18" margin-left="25" width="160" height="262" page-numbers="none"/>
      <xsl:call-template name="table1"/>
      <xsl:choose>
        <xsl:when test="not($objects)">
          <xsl:call-template name="object-tables"><xsl:with-param name="s" select="/.."/></xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="$objects">
            <xsl:call-template name="object-tables"><xsl:with-param name="s" select="."/></xsl:call-template>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </document>
  </xsl:template>

  <!-- ============================================================ cover -->
  <xsl:template name="cover">
    <form cols="30,80,50" rule="0.75">
      <row h="9">
        <cell border="none" size="12" align="right"><span role="body">备案表编号：</span></cell>
        <cell border="none" digits="6,5" size="12" field="/unit/systems/system/filing/record-number"></cell>
        <cell border="none"/>
      </row>
    </form>
    <vspace pt="90"/>
    <p style="title" size="36" space-after="12">网络安全等级保护</p>
    <p style="title" size="36">备案表</p>
    <vspace pt="70"/>
    <form cols="44,90,26" rule="0">
      <xsl:call-template name="cover-line">
        <xsl:with-param name="label" select="'备 案 单 位：'"/>
        <xsl:with-param name="v" select="$u/name"/>
        <xsl:with-param name="seal" select="true()"/>
        <xsl:with-param name="field" select="'/unit/name'"/>
      </xsl:call-template>
      <xsl:call-template name="cover-date"><xsl:with-param name="label" select="'备 案 日 期：'"/></xsl:call-template>
      <xsl:call-template name="cover-line">
        <xsl:with-param name="label" select="'受理备案单位：'"/>
        <xsl:with-param name="seal" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="cover-date"><xsl:with-param name="label" select="'受 理 日 期：'"/></xsl:call-template>
    </form>
  </xsl:template>

  <!-- ============================================================ 表一 -->
  <xsl:template name="table1">
    <p style="form-title" space-after="6">表一　单位基本情况</p>
    <form cols="28,16,18,20,16,16,18,28">
      <xsl:call-template name="line">
        <xsl:with-param name="label" select="'单位名称'"/>
        <xsl:with-param name="v" select="$u/name"/>
        <xsl:with-param name="h" select="10"/>
        <xsl:with-param name="field" select="'/unit/name'"/>
      </xsl:call-template>
      <row h="8">
        <cell>统一社会信用代码</cell>
        <cell colspan="7" digits="18" field="/unit/credit-code"><xsl:call-template name="fill"><xsl:with-param name="v" select="$u/credit-code"/></xsl:call-template></cell>
      </row>
      <row h="15">
        <cell>单位地址</cell>
        <cell colspan="7" field="/unit/address">
          <xsl:call-template name="address"><xsl:with-param name="a" select="$u/address"/><xsl:with-param name="detail-label" select="'　详细地址'"/><xsl:with-param name="detail-w" select="16"/></xsl:call-template>
        </cell>
      </row>
      <row h="8">
        <cell>邮政编码</cell>
        <cell colspan="3" digits="6" field="/unit/postcode"><xsl:call-template name="fill"><xsl:with-param name="v" select="$u/postcode"/></xsl:call-template></cell>
        <cell colspan="2">行政区划代码</cell>
        <cell colspan="2" digits="6" field="/unit/region-code-2.0"><xsl:call-template name="fill"><xsl:with-param name="v" select="$u/region-code-2.0 | $u/region-code[not(../region-code-2.0)]"/></xsl:call-template></cell>
      </row>
      <xsl:call-template name="person">
        <xsl:with-param name="label" select="'单位负责人'"/>
        <xsl:with-param name="p" select="$u/leader"/>
        <xsl:with-param name="path" select="'/unit/leader'"/>
        <xsl:with-param name="mobile" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="line">
        <xsl:with-param name="label" select="'网络安全责任部门'"/>
        <xsl:with-param name="v" select="$u/security-dept"/>
        <xsl:with-param name="field" select="'/unit/security-dept'"/>
      </xsl:call-template>
      <xsl:call-template name="person">
        <xsl:with-param name="label" select="'网络安全责任部门联系人'"/>
        <xsl:with-param name="p" select="$u/security-contact"/>
        <xsl:with-param name="path" select="'/unit/security-contact'"/>
        <xsl:with-param name="mobile" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="line">
        <xsl:with-param name="label" select="'数据安全管理部门'"/>
        <xsl:with-param name="v" select="$u/data-dept"/>
        <xsl:with-param name="field" select="'/unit/data-dept'"/>
      </xsl:call-template>
      <xsl:call-template name="person">
        <xsl:with-param name="label" select="'数据安全联系人'"/>
        <xsl:with-param name="p" select="$u/data-contact"/>
        <xsl:with-param name="path" select="'/unit/data-contact'"/>
        <xsl:with-param name="mobile" select="true()"/>
      </xsl:call-template>
      <row h="12">
        <cell>隶属关系</cell>
        <cell colspan="7" field="/unit/affiliation">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'affiliation'"/>
            <xsl:with-param name="sel" select="$u/affiliation/@code"/>
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="per-line" select="3"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="8">
        <cell>单位类型</cell>
        <cell colspan="7" field="/unit/unit-type">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'unit-type'"/>
            <xsl:with-param name="sel" select="$u/unit-type/@code"/>
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="per-line" select="5"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="54">
        <cell>行业类别</cell>
        <cell colspan="7" field="/unit/industry/@code2">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'industry-2.0'"/>
            <xsl:with-param name="sel" select="$u/industry/@code2"/>
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="per-line" select="5"/>
          </xsl:call-template>
        </cell>
      </row>
      <!-- counts: 本次备案 = the 第二级以上 objects of this file; 含本次 adds earlier-objects -->
      <xsl:variable name="lv" select="$objects/computed/@level | $objects/grading/level[not(../../computed)]"/>
      <xsl:variable name="e" select="$u/earlier-objects"/>
      <row h="8">
        <cell rowspan="2">本次备案定级对象数量</cell>
        <cell rowspan="2" align="center"><xsl:call-template name="n"><xsl:with-param name="c" select="count($lv[. &gt;= 2])"/></xsl:call-template></cell>
        <cell>第二级</cell><cell align="center"><xsl:call-template name="n"><xsl:with-param name="c" select="count($lv[. = 2])"/></xsl:call-template></cell>
        <cell colspan="3">第三级</cell><cell align="center"><xsl:call-template name="n"><xsl:with-param name="c" select="count($lv[. = 3])"/></xsl:call-template></cell>
      </row>
      <row h="8">
        <cell>第四级</cell><cell align="center"><xsl:call-template name="n"><xsl:with-param name="c" select="count($lv[. = 4])"/></xsl:call-template></cell>
        <cell colspan="3">第五级</cell><cell align="center"><xsl:call-template name="n"><xsl:with-param name="c" select="count($lv[. = 5])"/></xsl:call-template></cell>
      </row>
      <row h="8">
        <cell rowspan="3">定级对象总数（含本次）</cell>
        <cell rowspan="3" align="center"><xsl:call-template name="n"><xsl:with-param name="c" select="count($lv) + sum($e/@level1 | $e/@level2 | $e/@level3 | $e/@level4 | $e/@level5)"/></xsl:call-template></cell>
        <cell>第一级</cell><cell align="center"><xsl:call-template name="n"><xsl:with-param name="c" select="count($lv[. = 1]) + sum($e/@level1)"/></xsl:call-template></cell>
        <cell colspan="3">第二级</cell><cell align="center"><xsl:call-template name="n"><xsl:with-param name="c" select="count($lv[. = 2]) + sum($e/@level2)"/></xsl:call-template></cell>
      </row>
      <row h="8">
        <cell>第三级</cell><cell align="center"><xsl:call-template name="n"><xsl:with-param name="c" select="count($lv[. = 3]) + sum($e/@level3)"/></xsl:call-template></cell>
        <cell colspan="3">第四级</cell><cell align="center"><xsl:call-template name="n"><xsl:with-param name="c" select="count($lv[. = 4]) + sum($e/@level4)"/></xsl:call-template></cell>
      </row>
      <row h="8">
        <cell>第五级</cell><cell align="center"><xsl:call-template name="n"><xsl:with-param name="c" select="count($lv[. = 5]) + sum($e/@level5)"/></xsl:call-template></cell>
        <cell colspan="4"/>
      </row>
    </form>
  </xsl:template>

  <!-- a count printed as "N个" (the template's own unit); empty in blank mode -->
  <xsl:template name="n">
    <xsl:param name="c"/>
    <xsl:choose>
      <xsl:when test="$u/name"><span role="fill"><xsl:value-of select="$c"/></span>个</xsl:when>
      <xsl:otherwise><blank w="2"/>个</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="line">
    <xsl:param name="label"/>
    <xsl:param name="v" select="/.."/>
    <xsl:param name="field"/>
    <xsl:param name="h" select="8"/>
    <row h="{$h}">
      <cell><xsl:value-of select="$label"/></cell>
      <cell colspan="7" field="{$field}"><xsl:call-template name="fill"><xsl:with-param name="v" select="$v"/></xsl:call-template></cell>
    </row>
  </xsl:template>

  <xsl:template name="person">
    <xsl:param name="label"/>
    <xsl:param name="p" select="/.."/>
    <xsl:param name="path"/>
    <xsl:param name="mobile" select="false()"/>
    <row h="8">
      <cell rowspan="{2 + number($mobile)}"><xsl:value-of select="$label"/></cell>
      <cell align="center">姓名</cell>
      <cell colspan="3" field="{$path}/name"><xsl:call-template name="fill"><xsl:with-param name="v" select="$p/name"/></xsl:call-template></cell>
      <cell align="center">职务/职称</cell>
      <cell colspan="2" field="{$path}/title"><xsl:call-template name="fill"><xsl:with-param name="v" select="$p/title"/></xsl:call-template></cell>
    </row>
    <row h="8">
      <cell align="center">办公电话</cell>
      <cell colspan="3" field="{$path}/office-phone"><xsl:call-template name="fill"><xsl:with-param name="v" select="$p/office-phone"/></xsl:call-template></cell>
      <cell align="center">电子邮件</cell>
      <cell colspan="2" field="{$path}/email"><xsl:call-template name="fill"><xsl:with-param name="v" select="$p/email"/></xsl:call-template></cell>
    </row>
    <xsl:if test="$mobile">
      <row h="8">
        <cell align="center">移动电话</cell>
        <cell colspan="3" field="{$path}/mobile"><xsl:call-template name="fill"><xsl:with-param name="v" select="$p/mobile"/></xsl:call-template></cell>
        <cell colspan="3"/>
      </row>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ per 定级对象 -->
  <xsl:template name="object-tables">
    <xsl:param name="s" select="/.."/>
    <!-- 表N（对象名）; a blank form keeps the template's placeholder （ / ） (reference §1.4) -->
    <xsl:variable name="t">
      <xsl:choose>
        <xsl:when test="$s"><xsl:value-of select="concat('（', normalize-space($s/name), '）')"/></xsl:when>
        <xsl:otherwise>（　/　）</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="table2"><xsl:with-param name="s" select="$s"/><xsl:with-param name="t" select="$t"/></xsl:call-template>
    <xsl:call-template name="table3"><xsl:with-param name="s" select="$s"/><xsl:with-param name="t" select="$t"/></xsl:call-template>
    <xsl:call-template name="table4"><xsl:with-param name="s" select="$s"/><xsl:with-param name="t" select="$t"/></xsl:call-template>
    <xsl:call-template name="table5"><xsl:with-param name="s" select="$s"/><xsl:with-param name="t" select="$t"/></xsl:call-template>
    <xsl:choose>
      <xsl:when test="$s/data-resources/data">
        <xsl:for-each select="$s/data-resources/data">
          <xsl:call-template name="table6"><xsl:with-param name="s" select="$s"/><xsl:with-param name="t" select="$t"/><xsl:with-param name="d" select="."/></xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="table6"><xsl:with-param name="s" select="$s"/><xsl:with-param name="t" select="$t"/><xsl:with-param name="d" select="/.."/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:variable name="t2cols" select="'18,18,40,20,12.8,12.8,12.8,12.8,12.8'"/>

  <xsl:template name="table2">
    <xsl:param name="s" select="/.."/>
    <xsl:param name="t"/>
    <xsl:variable name="sp" select="concat('/unit/systems/system[', count($s/preceding-sibling::system) + 1, ']')"/>
    <pagebreak/>
    <p style="form-title" space-after="6">表二<xsl:value-of select="$t"/>定级对象情况</p>
    <form cols="{$t2cols}">
      <row h="10">
        <cell colspan="2">定级对象名称</cell>
        <cell field="{$sp}/name"><xsl:call-template name="fill"><xsl:with-param name="v" select="$s/name"/></xsl:call-template></cell>
        <cell>定级对象编号</cell>
        <cell colspan="5" digits="5" field="{$sp}/filing/object-number"></cell>
      </row>
      <row h="25">
        <cell colspan="2">定级对象类型</cell>
        <cell colspan="7" field="{$sp}/object-type">
          <xsl:variable name="ot" select="$s/object-type/@code"/>
          <!-- the reference's order (§1.2): 通信网络设施, 信息系统 with its 采用技术, 数据资源 -->
          <p><tick on="{f:yes-no($ot = 'network-facility')}"/><xsl:value-of select="f:nobr('通信网络设施')"/></p>
          <p><tick on="{f:yes-no($ot = 'information-system')}"/><xsl:value-of select="f:nobr('信息系统')"/>　采用技术：<xsl:for-each select="f:codes('technology')[position() &lt;= 3]">
              <xsl:call-template name="option">
                <xsl:with-param name="sel" select="$s/object-type/technology/@code"/>
                <xsl:with-param name="no" select="''"/>
              </xsl:call-template><xsl:if test="position() != last()"><xsl:text>　</xsl:text></xsl:if>
            </xsl:for-each>
          </p>
          <!-- the other techniques on a line of their own under the first (a tick wrapped to a
               line end would leave its label on the next) -->
          <p indent="11"><xsl:for-each select="f:codes('technology')[position() &gt; 3]">
              <xsl:call-template name="option">
                <xsl:with-param name="sel" select="$s/object-type/technology/@code"/>
                <xsl:with-param name="no" select="''"/>
                <xsl:with-param name="other-w" select="4"/>
              </xsl:call-template><xsl:if test="position() != last()"><xsl:text>　</xsl:text></xsl:if>
            </xsl:for-each>
          </p>
          <p><tick on="{f:yes-no($ot = 'data-resource')}"/><xsl:value-of select="f:nobr('数据资源')"/></p>
        </cell>
      </row>
      <row h="9">
        <cell rowspan="2">承载业务情况</cell>
        <cell>业务类型</cell>
        <cell colspan="7" field="{$sp}/business/type">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'business-type'"/>
            <xsl:with-param name="sel" select="$s/business/type/@code"/>
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="per-line" select="5"/>
            <xsl:with-param name="numbering" select="'none'"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="26">
        <cell>业务描述</cell>
        <cell colspan="7" valign="top" field="{$sp}/business/description">
          <xsl:for-each select="$s/business/description/p"><p><xsl:call-template name="fill"><xsl:with-param name="v" select="."/></xsl:call-template></p></xsl:for-each>
        </cell>
      </row>
      <row h="13">
        <cell rowspan="2">服务情况</cell>
        <cell>服务范围</cell>
        <cell colspan="7" field="{$sp}/service/range">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'service-range'"/>
            <xsl:with-param name="sel" select="$s/service/range/@code"/>
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="per-line" select="3"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="9">
        <cell>服务对象</cell>
        <cell colspan="7" field="{$sp}/service/objects">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'service-objects'"/>
            <xsl:with-param name="sel" select="$s/service/objects/@code"/>
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="numbering" select="'none'"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="9">
        <cell rowspan="2">网络平台</cell>
        <cell>部署范围</cell>
        <cell colspan="7" field="{$sp}/network/coverage">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'coverage'"/>
            <xsl:with-param name="sel" select="$s/network/coverage/@code"/>
            <xsl:with-param name="form" select="$form"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="18">
        <cell>网络性质</cell>
        <cell colspan="7" field="{$sp}/network/nature">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'network-nature'"/>
            <xsl:with-param name="sel" select="$s/network/nature/@code"/>
            <xsl:with-param name="form" select="$form"/>
          </xsl:call-template>
          <xsl:variable name="i" select="$s/network/internet"/>
          <p>（选择互联网请填写）源站IP地址范围<blank w="10" role="fill"><xsl:value-of select="normalize-space($i/ip-range)"/></blank></p>
          <p>域名<blank w="10" role="fill"><xsl:value-of select="normalize-space($i/domain)"/></blank>　主要协议/端口<blank w="8" role="fill"><xsl:value-of select="normalize-space($i/protocols)"/></blank></p>
        </cell>
      </row>
      <row h="13">
        <cell colspan="2">网络互联情况</cell>
        <cell colspan="7" field="{$sp}/interconnection">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'interconnection'"/>
            <xsl:with-param name="sel" select="$s/interconnection/@code"/>
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="per-line" select="2"/>
            <xsl:with-param name="numbering" select="'none'"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="9">
        <cell colspan="2">何时投入运行使用</cell>
        <cell colspan="7" field="{$sp}/in-service"><xsl:call-template name="date"><xsl:with-param name="d" select="$s/in-service"/></xsl:call-template></cell>
      </row>
      <row h="9">
        <cell colspan="2">是否是分系统</cell>
        <cell colspan="7"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="substring('yesno', 1 + 3 * number(not($s/parent-system)), (3 - number(not($s/parent-system))) * number(boolean($s)))"/><xsl:with-param name="yes" select="'是'"/><xsl:with-param name="no" select="'否（如选择是请填下两项）'"/></xsl:call-template></cell>
      </row>
      <row h="9">
        <cell colspan="2">上级系统名称</cell>
        <cell colspan="7" field="{$sp}/parent-system/name"><xsl:call-template name="na"><xsl:with-param name="s" select="$s"/><xsl:with-param name="v" select="$s/parent-system/name"/></xsl:call-template></cell>
      </row>
      <row h="9">
        <cell colspan="2">上级系统所属单位名称</cell>
        <cell colspan="7" field="{$sp}/parent-system/unit"><xsl:call-template name="na"><xsl:with-param name="s" select="$s"/><xsl:with-param name="v" select="$s/parent-system/unit"/></xsl:call-template></cell>
      </row>
    </form>
  </xsl:template>

  <xsl:template name="na">
    <xsl:param name="s" select="/.."/>
    <xsl:param name="v" select="/.."/>
    <xsl:choose>
      <xsl:when test="normalize-space($v)"><xsl:call-template name="fill"><xsl:with-param name="v" select="$v"/></xsl:call-template></xsl:when>
      <xsl:when test="$s"><span role="fill">/</span></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- 表三: one damage matrix -->
  <xsl:template name="matrix">
    <xsl:param name="label"/>
    <xsl:param name="g" select="/.."/>
    <xsl:param name="lv"/>
    <!-- the (客体, 程度) pairs $g marks, as words ' object:degree ' of one string: each cell is
         then one contains(), not a walk over $g's object, degree and items -->
    <xsl:variable name="pairs">
      <xsl:for-each select="$g/object/@code"><xsl:variable name="o" select="."/><xsl:for-each select="$g/degree/@code"><xsl:value-of select="concat(' ', $o, ':', ., ' ')"/></xsl:for-each></xsl:for-each>
      <xsl:for-each select="$g/item"><xsl:value-of select="concat(' ', @object, ':', @degree, ' ')"/></xsl:for-each>
    </xsl:variable>
    <xsl:variable name="hit" select="string($pairs)"/>
    <f:memo key="concat($label, '|', $hit, '|', $lv)">
    <row h="7">
      <cell rowspan="6" align="center" pad="0.5"><xsl:value-of select="$label"/></cell>
      <cell colspan="3" align="center">损害客体及损害程度</cell>
      <cell align="center">级别</cell>
    </row>
    <xsl:for-each select="f:codes('level')">
      <xsl:variable name="L" select="@code"/>
      <xsl:variable name="cells" select="f:where($codes/matrix/cell, 'level', $L)"/>
      <row h="{3 + 5 * count($cells)}">
        <cell colspan="3">
          <xsl:for-each select="$cells">
            <p><tick on="{f:yes-no(contains($hit, concat(' ', @object, ':', @degree, ' ')))}"/><xsl:value-of select="@form-2.0"/></p>
          </xsl:for-each>
        </cell>
        <cell align="center"><tick on="{f:yes-no($lv = $L)}"/><xsl:value-of select="."/></cell>
      </row>
    </xsl:for-each>
    </f:memo>
  </xsl:template>

  <xsl:template name="table3">
    <xsl:param name="s" select="/.."/>
    <xsl:param name="t"/>
    <xsl:variable name="sp" select="concat('/unit/systems/system[', count($s/preceding-sibling::system) + 1, ']')"/>
    <xsl:variable name="gr" select="$s/grading"/>
    <xsl:variable name="ar" select="$gr/authority-review"/>
    <xsl:variable name="level"><xsl:if test="$s"><xsl:call-template name="level-of"><xsl:with-param name="s" select="$s"/></xsl:call-template></xsl:if></xsl:variable>
    <pagebreak/>
    <p style="form-title" space-after="6">表三<xsl:value-of select="$t"/>定级情况</p>
    <form cols="8,40,72,12,28">
      <xsl:call-template name="matrix">
        <xsl:with-param name="label" select="'确定业务信息安全保护等级'"/>
        <xsl:with-param name="g" select="$gr/business-info"/>
        <xsl:with-param name="lv" select="concat($s/computed/@business-level, substring(normalize-space($gr/business-info/level), 1, number(not($s/computed))))"/>
      </xsl:call-template>
      <xsl:call-template name="matrix">
        <xsl:with-param name="label" select="'确定系统服务安全保护等级'"/>
        <xsl:with-param name="g" select="$gr/system-service"/>
        <xsl:with-param name="lv" select="concat($s/computed/@service-level, substring(normalize-space($gr/system-service/level), 1, number(not($s/computed))))"/>
      </xsl:call-template>
      <row h="8">
        <cell colspan="2">定级对象安全保护等级</cell>
        <cell colspan="3" field="{$sp}/grading/level">
          <xsl:for-each select="f:codes('level')[@code &gt;= 2]">
            <tick on="{f:yes-no($level = current()/@code)}"/><xsl:value-of select="."/><xsl:text>　</xsl:text>
          </xsl:for-each>
        </cell>
      </row>
      <row h="8">
        <cell colspan="2">定级时间</cell>
        <cell colspan="3" field="{$sp}/grading/graded-on"><xsl:call-template name="date"><xsl:with-param name="d" select="$gr/graded-on"/></xsl:call-template></cell>
      </row>
      <row h="8">
        <cell colspan="2">定级报告</cell>
        <cell colspan="3" field="{$sp}/grading/report"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$gr/report/@has"/></xsl:call-template>　附件名称<blank w="16" role="fill"><xsl:value-of select="$gr/report/@attachment"/></blank></cell>
      </row>
      <row h="8">
        <cell colspan="2">专家评审情况</cell>
        <cell colspan="3" field="{$sp}/grading/expert-review"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$gr/expert-review/@done"/><xsl:with-param name="yes" select="'已评审'"/><xsl:with-param name="no" select="'未评审'"/></xsl:call-template>　附件名称<blank w="14" role="fill"><xsl:value-of select="$gr/expert-review/@attachment"/></blank></cell>
      </row>
      <row h="8">
        <cell colspan="2">是否有上级行业主管部门</cell>
        <cell colspan="3"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$ar/@has-authority"/><xsl:with-param name="no" select="'无（如选择有请填下两项）'"/></xsl:call-template></cell>
      </row>
      <row h="8">
        <cell colspan="2">上级行业主管部门名称</cell>
        <cell colspan="3" field="{$sp}/grading/authority-review/name">
          <xsl:call-template name="na">
            <xsl:with-param name="s" select="$s"/>
            <xsl:with-param name="v" select="$ar[@has-authority = 'yes']/name | $u/competent-authority[$ar/@has-authority = 'yes' and not($ar/name)]"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="8">
        <cell colspan="2">上级行业主管部门审核定级情况</cell>
        <cell colspan="3" field="{$sp}/grading/authority-review"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$ar/@approved"/><xsl:with-param name="yes" select="'已审核'"/><xsl:with-param name="no" select="'未审核'"/></xsl:call-template>　附件名称<blank w="14" role="fill"><xsl:value-of select="$ar/@attachment"/></blank></cell>
      </row>
      <row h="9">
        <cell colspan="2" field="{$sp}/filing/filled-by">填表人：<blank w="6" role="fill"><xsl:value-of select="normalize-space($s/filing/filled-by)"/></blank></cell>
        <cell colspan="3" field="{$sp}/filing/filled-on">填表日期：<xsl:call-template name="date"><xsl:with-param name="d" select="$s/filing/filled-on"/></xsl:call-template></cell>
      </row>
    </form>
  </xsl:template>

  <!-- 表四: one block per technology, each opening with 是否采用 -->
  <xsl:template name="used">
    <xsl:param name="b" select="/.."/>
    <xsl:param name="label"/>
    <cell><xsl:value-of select="$label"/></cell>
    <cell><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$b/@used"/><xsl:with-param name="yes" select="'是'"/><xsl:with-param name="no" select="'否'"/></xsl:call-template></cell>
  </xsl:template>

  <xsl:template name="opts">
    <xsl:param name="list"/>
    <xsl:param name="sel" select="/.."/>
    <xsl:param name="per-line" select="6"/>
    <xsl:call-template name="options">
      <xsl:with-param name="list" select="$list"/>
      <xsl:with-param name="sel" select="$sel"/>
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="per-line" select="$per-line"/>
      <xsl:with-param name="numbering" select="'none'"/>
      <xsl:with-param name="other-w" select="4"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="w">
    <xsl:param name="label" select="''"/>
    <xsl:param name="v" select="/.."/>
    <xsl:param name="w" select="8"/>
    <xsl:value-of select="f:nobr($label)"/>
    <blank w="{$w}" role="fill"><xsl:value-of select="normalize-space($v)"/></blank>
  </xsl:template>

  <xsl:template name="table4">
    <xsl:param name="s" select="/.."/>
    <xsl:param name="t"/>
    <xsl:variable name="sp" select="concat('/unit/systems/system[', count($s/preceding-sibling::system) + 1, ']')"/>
    <xsl:variable name="nt" select="$s/new-tech"/>
    <pagebreak/>
    <p style="form-title" space-after="6">表四<xsl:value-of select="$t"/>新技术新应用场景补充信息</p>
    <form cols="18,28,114" size="10">
      <!-- 云计算 -->
      <xsl:variable name="c" select="$nt/cloud"/>
      <row h="8">
        <cell rowspan="6" align="center">云计算</cell>
        <cell>是否采用</cell>
        <cell><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$c/@used"/><xsl:with-param name="yes" select="'是'"/><xsl:with-param name="no" select="'否'"/></xsl:call-template></cell>
      </row>
      <row h="8"><cell>责任主体类型</cell><cell field="{$sp}/new-tech/cloud/@role"><xsl:call-template name="opts"><xsl:with-param name="list" select="'cloud-role'"/><xsl:with-param name="sel" select="$c/@role"/></xsl:call-template></cell></row>
      <row h="12"><cell>服务模式</cell><cell><xsl:call-template name="opts"><xsl:with-param name="list" select="'cloud-model'"/><xsl:with-param name="sel" select="$c/model/@code"/><xsl:with-param name="per-line" select="3"/></xsl:call-template></cell></row>
      <row h="8"><cell>部署模式</cell><cell><xsl:call-template name="opts"><xsl:with-param name="list" select="'cloud-deployment'"/><xsl:with-param name="sel" select="$c/deployment/@code"/></xsl:call-template></cell></row>
      <row h="12"><cell>云服务商填写</cell><cell>
        <p><xsl:call-template name="w"><xsl:with-param name="label" select="'云服务客户数量'"/><xsl:with-param name="v" select="$c/customer-count"/><xsl:with-param name="w" select="3"/></xsl:call-template>个　<xsl:call-template name="w"><xsl:with-param name="label" select="'云平台基础设施地点'"/><xsl:with-param name="v" select="$c/infra-location"/></xsl:call-template></p>
        <p><xsl:call-template name="w"><xsl:with-param name="label" select="'云平台运维地点'"/><xsl:with-param name="v" select="$c/ops-location"/></xsl:call-template></p>
      </cell></row>
      <row h="22"><cell>云服务客户填写</cell><cell>
        <p><xsl:call-template name="w"><xsl:with-param name="label" select="'云服务商'"/><xsl:with-param name="v" select="$c/provider-name"/></xsl:call-template>　<xsl:call-template name="w"><xsl:with-param name="label" select="'平台安全等级'"/><xsl:with-param name="v"><xsl:if test="normalize-space($c/platform-level)"><xsl:value-of select="f:level-name(normalize-space($c/platform-level))"/></xsl:if></xsl:with-param><xsl:with-param name="w" select="4"/></xsl:call-template></p>
        <p><xsl:call-template name="w"><xsl:with-param name="label" select="'平台名称'"/><xsl:with-param name="v" select="$c/platform-name"/></xsl:call-template>　<xsl:call-template name="w"><xsl:with-param name="label" select="'平台备案编号'"/><xsl:with-param name="v" select="$c/platform-filing-number"/></xsl:call-template></p>
        <p><xsl:call-template name="w"><xsl:with-param name="label" select="'云服务客户运维地点'"/><xsl:with-param name="v" select="$c/customer-ops-location"/></xsl:call-template></p>
        <p><xsl:call-template name="w"><xsl:with-param name="label" select="'云平台备案证明（附件）'"/><xsl:with-param name="v" select="$c/filing-proof"/></xsl:call-template></p>
      </cell></row>
      <!-- 移动互联 -->
      <xsl:variable name="m" select="$nt/mobile"/>
      <row h="8">
        <cell rowspan="4" align="center">移动互联</cell>
        <cell>是否采用</cell>
        <cell><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$m/@used"/><xsl:with-param name="yes" select="'是'"/><xsl:with-param name="no" select="'否'"/></xsl:call-template></cell>
      </row>
      <row h="10"><cell>移动应用软件/小程序名称</cell><cell><xsl:call-template name="fill"><xsl:with-param name="v" select="$m/app-name"/></xsl:call-template></cell></row>
      <row h="8"><cell>无线通道</cell><cell><xsl:call-template name="opts"><xsl:with-param name="list" select="'mobile-channel'"/><xsl:with-param name="sel" select="$m/channel/@code"/></xsl:call-template></cell></row>
      <row h="8"><cell>移动终端</cell><cell><xsl:call-template name="opts"><xsl:with-param name="list" select="'mobile-terminal'"/><xsl:with-param name="sel" select="$m/terminal/@code"/></xsl:call-template></cell></row>
      <!-- 物联网 -->
      <xsl:variable name="i" select="$nt/iot"/>
      <row h="8">
        <cell rowspan="3" align="center">物联网</cell>
        <cell>是否采用</cell>
        <cell><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$i/@used"/><xsl:with-param name="yes" select="'是'"/><xsl:with-param name="no" select="'否'"/></xsl:call-template></cell>
      </row>
      <row h="8"><cell>感知层</cell><cell><xsl:call-template name="opts"><xsl:with-param name="list" select="'iot-perception'"/><xsl:with-param name="sel" select="$i/perception/@code"/></xsl:call-template></cell></row>
      <row h="8"><cell>网络传输层</cell><cell><xsl:call-template name="opts"><xsl:with-param name="list" select="'iot-transport'"/><xsl:with-param name="sel" select="$i/transport/@code"/></xsl:call-template></cell></row>
      <!-- 工业控制 -->
      <xsl:variable name="k" select="$nt/ics"/>
      <row h="8">
        <cell rowspan="3" align="center">工业控制</cell>
        <cell>是否采用</cell>
        <cell><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$k/@used"/><xsl:with-param name="yes" select="'是'"/><xsl:with-param name="no" select="'否'"/></xsl:call-template></cell>
      </row>
      <row h="8"><cell>功能层次</cell><cell><xsl:call-template name="opts"><xsl:with-param name="list" select="'ics-layer'"/><xsl:with-param name="sel" select="$k/layer/@code"/></xsl:call-template></cell></row>
      <row h="16"><cell>组成</cell><cell><xsl:call-template name="opts"><xsl:with-param name="list" select="'ics-component'"/><xsl:with-param name="sel" select="$k/component/@code"/></xsl:call-template></cell></row>
      <!-- 大数据 -->
      <xsl:variable name="b" select="$nt/bigdata"/>
      <row h="8">
        <cell rowspan="5" align="center">大数据</cell>
        <cell>是否采用</cell>
        <cell><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$b/@used"/><xsl:with-param name="yes" select="'是'"/><xsl:with-param name="no" select="'否'"/></xsl:call-template></cell>
      </row>
      <row h="8"><cell>组成</cell><cell><xsl:call-template name="opts"><xsl:with-param name="list" select="'bigdata-component'"/><xsl:with-param name="sel" select="$b/component/@code"/></xsl:call-template></cell></row>
      <row h="8"><cell>出境情况</cell><cell><xsl:call-template name="opts"><xsl:with-param name="list" select="'bigdata-export'"/><xsl:with-param name="sel" select="$b/export/@code"/></xsl:call-template></cell></row>
      <row h="12"><cell>大数据平台填写</cell><cell>
        <p><xsl:call-template name="w"><xsl:with-param name="label" select="'大数据应用数量'"/><xsl:with-param name="v" select="$b/app-count"/><xsl:with-param name="w" select="3"/></xsl:call-template>个　<xsl:call-template name="w"><xsl:with-param name="label" select="'基础设施地点'"/><xsl:with-param name="v" select="$b/infra-location"/></xsl:call-template></p>
        <p><xsl:call-template name="w"><xsl:with-param name="label" select="'运维地点'"/><xsl:with-param name="v" select="$b/ops-location"/></xsl:call-template></p>
      </cell></row>
      <row h="18"><cell>大数据应用、资源填写</cell><cell>
        <p><xsl:call-template name="w"><xsl:with-param name="label" select="'大数据平台服务商'"/><xsl:with-param name="v" select="$b/provider-name"/></xsl:call-template>　<xsl:call-template name="w"><xsl:with-param name="label" select="'平台安全等级'"/><xsl:with-param name="v"><xsl:if test="normalize-space($b/platform-level)"><xsl:value-of select="f:level-name(normalize-space($b/platform-level))"/></xsl:if></xsl:with-param><xsl:with-param name="w" select="4"/></xsl:call-template></p>
        <p><xsl:call-template name="w"><xsl:with-param name="label" select="'平台名称'"/><xsl:with-param name="v" select="$b/platform-name"/></xsl:call-template>　<xsl:call-template name="w"><xsl:with-param name="label" select="'平台备案编号'"/><xsl:with-param name="v" select="$b/platform-filing-number"/></xsl:call-template></p>
        <p><xsl:call-template name="w"><xsl:with-param name="label" select="'大数据平台备案证明（附件）'"/><xsl:with-param name="v" select="$b/filing-proof"/><xsl:with-param name="w" select="12"/></xsl:call-template></p>
      </cell></row>
    </form>
  </xsl:template>

  <!-- 表五: every 2.0 material, for every 定级对象 -->
  <xsl:template name="table5">
    <xsl:param name="s" select="/.."/>
    <xsl:param name="t"/>
    <xsl:variable name="sp" select="concat('/unit/systems/system[', count($s/preceding-sibling::system) + 1, ']')"/>
    <pagebreak/>
    <p style="form-title" space-after="6">表五<xsl:value-of select="$t"/>定级对象提交材料情况</p>
    <form cols="70,90">
      <xsl:for-each select="f:codes('material')[contains(@forms, '2.0')]">
        <xsl:variable name="m" select="f:where($s/materials/material, 'code', @code)"/>
        <row h="16">
          <cell><xsl:value-of select="position()"/>.<xsl:choose><xsl:when test="@label-2.0"><xsl:value-of select="@label-2.0"/></xsl:when><xsl:otherwise><xsl:value-of select="."/></xsl:otherwise></xsl:choose></cell>
          <cell field="{$sp}/materials/material">
            <!-- 表五 is filled for every 定级对象: a material the data does not give is 无
                 (reference-2 D13); a blank form leaves both boxes empty -->
            <xsl:variable name="present">
              <xsl:choose>
                <xsl:when test="$m"><xsl:value-of select="$m/@present"/></xsl:when>
                <xsl:when test="$s">no</xsl:when>
              </xsl:choose>
            </xsl:variable>
            <p><xsl:call-template name="yes-no"><xsl:with-param name="v" select="string($present)"/></xsl:call-template></p>
            <p>附件名称<blank w="18" role="fill"><xsl:value-of select="$m/@attachment"/></blank></p>
          </cell>
        </row>
      </xsl:for-each>
    </form>
  </xsl:template>

  <!-- 表六 数据摸底调查表, one per data item -->
  <xsl:template name="t6opts">
    <xsl:param name="list"/>
    <xsl:param name="sel" select="/.."/>
    <xsl:param name="per-line" select="5"/>
    <xsl:call-template name="options">
      <xsl:with-param name="list" select="$list"/>
      <xsl:with-param name="sel" select="$sel"/>
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="per-line" select="$per-line"/>
      <xsl:with-param name="numbering" select="'position'"/>
      <xsl:with-param name="other-w" select="4"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="amount">
    <xsl:param name="a" select="/.."/>
    <p>01 容量<blank w="3" role="fill"><xsl:value-of select="$a/@size"/></blank><xsl:choose><xsl:when test="$a/@size-unit"><span role="fill"><xsl:value-of select="$a/@size-unit"/></span></xsl:when><xsl:otherwise>GB/TB</xsl:otherwise></xsl:choose>　02 <blank w="4" role="fill"><xsl:value-of select="$a/@records"/></blank>万条</p>
  </xsl:template>

  <xsl:template name="table6">
    <xsl:param name="s" select="/.."/>
    <xsl:param name="t"/>
    <xsl:param name="d" select="/.."/>
    <xsl:variable name="sp" select="concat('/unit/systems/system[', count($s/preceding-sibling::system) + 1, ']')"/>
    <xsl:variable name="dp" select="concat($sp, '/data-resources/data[', count($d/preceding-sibling::data) + 1, ']')"/>
    <pagebreak/>
    <p style="form-title" space-after="6">表六<xsl:value-of select="$t"/>数据摸底调查表</p>
    <form cols="36,124">
      <row h="9"><cell>数据名称</cell><cell field="{$dp}/name"><xsl:call-template name="fill"><xsl:with-param name="v" select="$d/name"/></xsl:call-template></cell></row>
      <row h="9"><cell>拟定数据级别</cell><cell><xsl:call-template name="t6opts"><xsl:with-param name="list" select="'data-grade'"/><xsl:with-param name="sel" select="$d/grade/@code"/></xsl:call-template></cell></row>
      <row h="9"><cell>数据类别</cell><cell field="{$dp}/category"><xsl:call-template name="fill"><xsl:with-param name="v" select="$d/category"/></xsl:call-template></cell></row>
      <row h="9"><cell>数据安全责任部门</cell><cell field="{$dp}/dept"><xsl:call-template name="fill"><xsl:with-param name="v" select="$d/dept"/></xsl:call-template></cell></row>
      <row h="9"><cell>数据安全负责人</cell><cell field="{$dp}/owner"><xsl:call-template name="fill"><xsl:with-param name="v" select="$d/owner"/></xsl:call-template></cell></row>
      <row h="12"><cell>个人信息</cell><cell><xsl:call-template name="t6opts"><xsl:with-param name="list" select="'personal-info'"/><xsl:with-param name="sel" select="$d/personal-info/@code"/><xsl:with-param name="per-line" select="2"/></xsl:call-template></cell></row>
      <row h="9"><cell>数据总量</cell><cell><xsl:call-template name="amount"><xsl:with-param name="a" select="$d/volume"/></xsl:call-template></cell></row>
      <row h="9"><cell>月增长量</cell><cell><xsl:call-template name="amount"><xsl:with-param name="a" select="$d/growth"/></xsl:call-template></cell></row>
      <row h="12"><cell>数据来源</cell><cell><xsl:call-template name="t6opts"><xsl:with-param name="list" select="'data-source'"/><xsl:with-param name="sel" select="$d/source/@code"/><xsl:with-param name="per-line" select="3"/></xsl:call-template></cell></row>
      <row h="14"><cell>数据流入单位</cell><cell field="{$dp}/flow-in">
        <xsl:call-template name="units"><xsl:with-param name="v" select="$d/flow-in"/><xsl:with-param name="label" select="'数据来源单位'"/></xsl:call-template>
      </cell></row>
      <row h="14"><cell>数据流出单位</cell><cell field="{$dp}/flow-out">
        <xsl:call-template name="units"><xsl:with-param name="v" select="$d/flow-out"/><xsl:with-param name="label" select="'数据流出单位'"/></xsl:call-template>
      </cell></row>
      <row h="12"><cell>与其他数据处理者交互</cell><cell field="{$dp}/interaction"><xsl:call-template name="named-opts"><xsl:with-param name="list" select="'data-interaction'"/><xsl:with-param name="sel" select="$d/interaction/@code"/></xsl:call-template></cell></row>
      <row h="12"><cell rowspan="3">存储位置</cell><cell field="{$dp}/storage"><xsl:call-template name="named-opts"><xsl:with-param name="list" select="'storage-cloud'"/><xsl:with-param name="sel" select="$d/storage/@cloud | $d/storage/cloud/@code"/></xsl:call-template></cell></row>
      <row h="12"><cell field="{$dp}/storage"><xsl:call-template name="named-opts"><xsl:with-param name="list" select="'storage-room'"/><xsl:with-param name="sel" select="$d/storage/@room | $d/storage/room/@code"/><xsl:with-param name="per-line" select="2"/></xsl:call-template></cell></row>
      <row h="9"><cell field="{$dp}/storage"><xsl:call-template name="named-opts"><xsl:with-param name="list" select="'storage-region'"/><xsl:with-param name="sel" select="$d/storage/@region | $d/storage/region/@code"/></xsl:call-template></cell></row>
    </form>
  </xsl:template>

  <!-- Options numbered by place, each ticked one followed by its element's content on a
       write-in line (存储位置: the location; 交互: the other unit), exclusive ones without. -->
  <xsl:template name="named-opts">
    <xsl:param name="list"/>
    <xsl:param name="sel" select="/.."/>
    <xsl:param name="per-line" select="9"/>
    <f:memo key="concat($list, ' ', $per-line)" data="$sel | $sel[name() = 'code']/..">
    <xsl:for-each select="f:codes($list)[(position() - 1) mod $per-line = 0]">
      <xsl:variable name="from" select="(position() - 1) * $per-line"/>
    <p>
      <xsl:for-each select="f:slice(f:codes($list), $from + 1, $per-line)">
        <xsl:variable name="chosen" select="$sel[. = current()/@code]"/>
        <tick on="{f:yes-no($chosen)}"/>
        <xsl:value-of select="f:nobr(concat($from + position(), .))"/>
        <xsl:if test="not(@exclusive = 'yes') and $chosen[name() = 'code']/parent::*[normalize-space()]">
          <blank w="4" role="fill"><xsl:value-of select="normalize-space($chosen[name() = 'code']/parent::*)"/></blank>
        </xsl:if>
        <xsl:if test="position() != last()"><xsl:text>　</xsl:text></xsl:if>
      </xsl:for-each>
    </p>
    </xsl:for-each>
    </f:memo>
  </xsl:template>

  <!-- up to three numbered units (数据来源单位1___ 2___ 3___) -->
  <xsl:template name="units">
    <xsl:param name="v" select="/.."/>
    <xsl:param name="label"/>
    <p>
      <xsl:for-each select="$v[position() &lt;= 3] | $v[false()]">
        <xsl:value-of select="$label"/><xsl:value-of select="position()"/><blank w="8" role="fill"><xsl:value-of select="normalize-space(.)"/></blank><xsl:text>　</xsl:text>
      </xsl:for-each>
      <xsl:if test="not($v)"><xsl:value-of select="$label"/>1<blank w="8"/>　2<blank w="8"/>　3<blank w="8"/></xsl:if>
    </p>
  </xsl:template>
</xsl:stylesheet>
