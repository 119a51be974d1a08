<?xml version="1.0" encoding="UTF-8"?>
<!-- 《信息系统安全等级保护备案表》 (公安部 2007), one per unit: cover, 填表说明, 表一 once,
     表二 and 表三 for each 第二级以上 system numbered 表二（k/n）, 表四 for each 第三级以上 one.
     Layout: ../shared/domain/mlps-reference.md §1.1, mlps-reference-2.md §1.2 (column grids and
     merges of the one drawn reconstruction, scaled to a 160 mm text block).
     Police-only fields (备案表编号, 受理备案单位, 受理日期, 备案审核民警, 审核日期) always print
     blank. Choices where sources disagree are kept here and in codes.xml:
     - 表三 01/02: the 2007 matrix has no 公民…特别严重损害 row; such an item ticks only 第二级.
     - 表四 title: 第三级以上信息系统提交材料情况 (a 广电 variant says 第三级（含）以上). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" extension-element-prefixes="f" exclude-result-prefixes="f">
  <xsl:import href="fragments/form.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="form" select="'2007'"/>
  <xsl:variable name="u" select="/unit"/>

  <!-- 第二级以上 systems are filed (填表说明 2) -->
  <xsl:variable name="filed" select="/unit/systems/system[(computed/@level and computed/@level &gt;= 2) or (not(computed/@level) and number(grading/level) &gt;= 2)]"/>
  <xsl:variable name="n" select="count($filed)"/>

  <xsl:template match="/">
    <document title="信息系统安全等级保护备案表" author="{normalize-space(/unit/name)}"
              subject="信息系统安全等级保护备案表（2007）" keywords="等级保护,备案表">
      <section margin-top="22" margin-left="25" width="160" height="255" page-numbers="none"/>
      <xsl:call-template name="cover"/>
      <section margin-top="22" margin-left="25" width="160" height="255" lines="40" page-numbers="none"/>
      <xsl:call-template name="instructions"/>
      <section margin-top="18" margin-left="25" width="160" height="262" page-numbers="none"/>
      <xsl:call-template name="table1"/>
      <xsl:choose>
        <xsl:when test="$n = 0">
          <xsl:call-template name="system-tables">
            <xsl:with-param name="s" select="/.."/>
            <xsl:with-param name="k" select="''"/>
            <xsl:with-param name="n" select="''"/>
            <xsl:with-param name="level" select="''"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="$filed">
            <xsl:call-template name="system-tables">
              <xsl:with-param name="s" select="."/>
              <xsl:with-param name="k" select="position()"/>
              <xsl:with-param name="n" select="$n"/>
              <xsl:with-param name="level">
                <xsl:call-template name="level-of"><xsl:with-param name="s" select="."/></xsl:call-template>
              </xsl:with-param>
            </xsl:call-template>
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
    <p style="title" size="36" space-after="12">信息系统安全等级保护</p>
    <p style="title" size="36">备案表</p>
    <vspace pt="70"/>
    <form cols="44,90,26" rule="0">
      <xsl:call-template name="cover-line">
        <xsl:with-param name="label" select="'备 案 单 位：'"/>
        <xsl:with-param name="v" select="$u/name"/>
        <xsl:with-param name="seal" select="true()"/>
        <xsl:with-param name="field" select="'/unit/name'"/>
      </xsl:call-template>
      <xsl:call-template name="cover-date">
        <xsl:with-param name="label" select="'备 案 日 期：'"/>
        <xsl:with-param name="d" select="$filed[1]/filing/filed-on"/>
      </xsl:call-template>
      <xsl:call-template name="cover-line">
        <xsl:with-param name="label" select="'受理备案单位：'"/>
        <xsl:with-param name="seal" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="cover-date">
        <xsl:with-param name="label" select="'受 理 日 期：'"/>
      </xsl:call-template>
    </form>
    <vspace pt="60"/>
    <p style="title" size="20" keep-with-next="no">中华人民共和国公安部监制</p>
  </xsl:template>

  <!-- ============================================================ 填表说明 -->
  <xsl:template name="instructions">
    <p style="title" size="16" space-after="10"><span role="h1">填　表　说　明</span></p>
    <p style="note" size="11"><span role="h1">一、制表依据。</span>根据《信息安全等级保护管理办法》（公通字〔2007〕43号）之规定，制作本表。</p>
    <p style="note" size="11"><span role="h1">二、填表范围。</span>本表由第二级以上信息系统运营使用单位或主管部门（以下简称“备案单位”）填写；本表由四张表单构成，表一为单位信息，每个填表单位填写一张；表二为信息系统基本信息，表三为信息系统定级信息，表二、表三每个信息系统填写一张；表四为第三级以上信息系统需要同时提交的内容，由每个第三级以上信息系统填写一张，并在完成系统建设、整改、测评等工作，投入运行后三十日内向受理备案公安机关提交；表二、表三、表四可以复印使用。</p>
    <p style="note" size="11"><span role="h1">三、保存方式。</span>本表一式二份，一份由备案单位保存，一份由受理备案公安机关存档。</p>
    <p style="note" size="11"><span role="h1">四、</span>本表中有选择的地方请在选项左侧“□”划“√”，如选择“其他”，请在其后的横线中注明详细内容；需要填写数字代码的地方，请在“□”中直接填写。</p>
    <p style="note" size="11"><span role="h1">五、封面中备案表编号（由受理备案的公安机关填写并校验）：</span>分两部分共11位，第一部分6位，为受理备案公安机关代码前六位（可参照行标 GA 380-2002）；第二部分5位，为受理备案的公安机关给出的备案单位的顺序编号。</p>
    <p style="note" size="11"><span role="h1">六、封面中备案单位：</span>是指负责运营使用信息系统的法人单位全称。</p>
    <p style="note" size="11"><span role="h1">七、封面中受理备案单位：</span>是指受理备案的公安机关公共信息网络安全监察部门名称，此项由受理备案的公安机关负责填写并盖章。</p>
    <p style="note" size="11"><span role="h1">八、表一04行政区划代码：</span>是指备案单位所在的地（区、市、州、盟）行政区划代码。</p>
    <p style="note" size="11"><span role="h1">九、表一05单位负责人：</span>是指主管本单位信息安全工作的领导。</p>
    <p style="note" size="11"><span role="h1">十、表一06责任部门：</span>是指单位内负责信息系统安全工作的部门。</p>
    <p style="note" size="11"><span role="h1">十一、表一08隶属关系：</span>是指信息系统运营使用单位与上级行政机构的从属关系，须按照单位隶属关系代码（GB/T 12404—1997）填写。</p>
    <p style="note" size="11"><span role="h1">十二、表二02系统编号：</span>是由运营使用单位给出的本单位备案信息系统的编号。</p>
    <p style="note" size="11"><span role="h1">十三、表二05系统网络平台：</span>是指系统所处的网络环境和网络构架情况。</p>
    <p style="note" size="11"><span role="h1">十四、表二07关键产品使用情况：</span>国产品是指系统中该类产品的研制、生产单位是由中国公民、法人投资或者国家投资或者控股，在中华人民共和国境内具有独立的法人资格，产品的核心技术、关键部件具有我国自主知识产权。</p>
    <p style="note" size="11"><span role="h1">十五、表二08系统采用服务情况：</span>国内服务商是指服务机构在中华人民共和国境内注册成立（港澳台地区除外），由中国公民、法人或国家投资的企事业单位。</p>
    <p style="note" size="11"><span role="h1">十六、</span>本表由公安部公共信息网络安全监察局负责解释，不得擅自改动。</p>
  </xsl:template>

  <!-- ============================================================ 表一 -->
  <xsl:template name="table1">
    <p style="form-title" space-after="6">表一　单位基本情况</p>
    <form cols="26,6.5,6.5,6.5,6.5,6.5,6.5,13,30,6.5,6.5,6.5,6.5,6.5,6.5,13">
      <row h="10">
        <cell>01单位名称</cell>
        <cell colspan="15" field="/unit/name"><xsl:call-template name="fill"><xsl:with-param name="v" select="$u/name"/></xsl:call-template></cell>
      </row>
      <row h="16">
        <cell>02单位地址</cell>
        <cell colspan="15" field="/unit/address">
          <xsl:call-template name="address"><xsl:with-param name="a" select="$u/address"/></xsl:call-template>
        </cell>
      </row>
      <row h="9">
        <cell>03邮政编码</cell>
        <cell colspan="6" digits="6" field="/unit/postcode"><xsl:call-template name="fill"><xsl:with-param name="v" select="$u/postcode"/></xsl:call-template></cell>
        <cell/>
        <cell>04行政区划代码</cell>
        <cell colspan="6" digits="6" field="/unit/region-code"><xsl:call-template name="fill"><xsl:with-param name="v" select="$u/region-code"/></xsl:call-template></cell>
        <cell/>
      </row>
      <xsl:call-template name="person">
        <xsl:with-param name="label" select="'05单位负责人'"/>
        <xsl:with-param name="p" select="$u/leader"/>
        <xsl:with-param name="path" select="'/unit/leader'"/>
        <xsl:with-param name="mobile" select="false()"/>
      </xsl:call-template>
      <row h="9">
        <cell>06责任部门</cell>
        <cell colspan="15" field="/unit/security-dept"><xsl:call-template name="fill"><xsl:with-param name="v" select="$u/security-dept"/></xsl:call-template></cell>
      </row>
      <xsl:call-template name="person">
        <xsl:with-param name="label" select="'07责任部门联系人'"/>
        <xsl:with-param name="p" select="$u/security-contact"/>
        <xsl:with-param name="path" select="'/unit/security-contact'"/>
        <xsl:with-param name="mobile" select="true()"/>
      </xsl:call-template>
      <row h="13">
        <cell>08隶属关系</cell>
        <cell colspan="15" field="/unit/affiliation">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'affiliation'"/>
            <xsl:with-param name="sel" select="$u/affiliation/@code"/>
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="per-line" select="3"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="13">
        <cell>09单位类型</cell>
        <cell colspan="15" field="/unit/unit-type">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'unit-type'"/>
            <xsl:with-param name="sel" select="$u/unit-type/@code"/>
            <xsl:with-param name="form" select="$form"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="52">
        <cell>10行业类别</cell>
        <cell colspan="15" field="/unit/industry">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'industry-2007'"/>
            <xsl:with-param name="sel" select="$u/industry/@code"/>
            <xsl:with-param name="form" select="$form"/>
          </xsl:call-template>
        </cell>
      </row>
      <xsl:variable name="lv" select="$filed/computed/@level | $filed/grading/level[not(../../computed)]"/>
      <row h="9">
        <cell rowspan="2">11信息系统总数</cell>
        <cell colspan="2" rowspan="2" align="center"><xsl:call-template name="count"><xsl:with-param name="c" select="$n"/></xsl:call-template></cell>
        <cell colspan="5">12第二级信息系统数</cell>
        <cell align="center"><xsl:call-template name="count"><xsl:with-param name="c" select="count($lv[. = 2])"/></xsl:call-template></cell>
        <cell colspan="6">13第三级信息系统数</cell>
        <cell align="center"><xsl:call-template name="count"><xsl:with-param name="c" select="count($lv[. = 3])"/></xsl:call-template></cell>
      </row>
      <row h="9">
        <cell colspan="5">14第四级信息系统数</cell>
        <cell align="center"><xsl:call-template name="count"><xsl:with-param name="c" select="count($lv[. = 4])"/></xsl:call-template></cell>
        <cell colspan="6">15第五级信息系统数</cell>
        <cell align="center"><xsl:call-template name="count"><xsl:with-param name="c" select="count($lv[. = 5])"/></xsl:call-template></cell>
      </row>
    </form>
  </xsl:template>

  <!-- a count; nothing in blank mode (no unit) -->
  <xsl:template name="count">
    <xsl:param name="c"/>
    <xsl:if test="$u/name"><span role="fill"><xsl:value-of select="$c"/></span></xsl:if>
  </xsl:template>

  <!-- 05/07: 姓名, 职务/职称, 办公电话, 电子邮件 (07 also 移动电话, the e-mail cell spanning two rows) -->
  <xsl:template name="person">
    <xsl:param name="label"/>
    <xsl:param name="p" select="/.."/>
    <xsl:param name="path"/>
    <xsl:param name="mobile" select="false()"/>
    <row h="9">
      <cell rowspan="{2 + number($mobile)}"><xsl:value-of select="$label"/></cell>
      <cell colspan="3" align="center">姓名</cell>
      <cell colspan="4" field="{$path}/name"><xsl:call-template name="fill"><xsl:with-param name="v" select="$p/name"/></xsl:call-template></cell>
      <cell align="center">职务/职称</cell>
      <cell colspan="7" field="{$path}/title"><xsl:call-template name="fill"><xsl:with-param name="v" select="$p/title"/></xsl:call-template></cell>
    </row>
    <row h="9">
      <cell colspan="3" align="center">办公电话</cell>
      <cell colspan="4" field="{$path}/office-phone"><xsl:call-template name="fill"><xsl:with-param name="v" select="$p/office-phone"/></xsl:call-template></cell>
      <cell align="center" rowspan="{1 + number($mobile)}">电子邮件</cell>
      <cell colspan="7" rowspan="{1 + number($mobile)}" field="{$path}/email"><xsl:call-template name="fill"><xsl:with-param name="v" select="$p/email"/></xsl:call-template></cell>
    </row>
    <xsl:if test="$mobile">
      <row h="9">
        <cell colspan="3" align="center">移动电话</cell>
        <cell colspan="4" field="{$path}/mobile"><xsl:call-template name="fill"><xsl:with-param name="v" select="$p/mobile"/></xsl:call-template></cell>
      </row>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ 表二, 表三, 表四 -->
  <xsl:template name="system-tables">
    <xsl:param name="s" select="/.."/>
    <xsl:param name="k"/>
    <xsl:param name="n"/>
    <xsl:param name="level"/>
    <xsl:variable name="kn">
      <xsl:choose>
        <xsl:when test="$k != ''"><xsl:value-of select="concat('（', $k, '/', $n, '）')"/></xsl:when>
        <xsl:otherwise>（　/　）</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="table2"><xsl:with-param name="s" select="$s"/><xsl:with-param name="kn" select="$kn"/></xsl:call-template>
    <xsl:call-template name="table3"><xsl:with-param name="s" select="$s"/><xsl:with-param name="kn" select="$kn"/><xsl:with-param name="level" select="$level"/></xsl:call-template>
    <xsl:if test="$level = '' or $level &gt;= 3">
      <xsl:call-template name="table4"><xsl:with-param name="s" select="$s"/><xsl:with-param name="kn" select="$kn"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:variable name="t2cols" select="'14,20,10.5,10.5,10.5,10.5,10.5,10.5,10.5,10.5,10.5,10.5,10.5,10.5'"/>

  <xsl:template name="table2">
    <xsl:param name="s" select="/.."/>
    <xsl:param name="kn"/>
    <xsl:variable name="sp" select="concat('/unit/systems/system[', count($s/preceding-sibling::system) + 1, ']')"/>
    <pagebreak/>
    <p style="form-title" space-after="6">表二<xsl:value-of select="$kn"/>信息系统情况</p>
    <form cols="{$t2cols}">
      <row h="9">
        <cell colspan="2">01系统名称</cell>
        <cell colspan="12" field="{$sp}/name"><xsl:call-template name="fill"><xsl:with-param name="v" select="$s/name"/></xsl:call-template></cell>
      </row>
      <row h="9">
        <cell colspan="2">02系统编号</cell>
        <cell colspan="12" field="{$sp}/number"><xsl:call-template name="fill"><xsl:with-param name="v" select="$s/number"/></xsl:call-template></cell>
      </row>
      <row h="13">
        <cell rowspan="2">03系统承载业务情况</cell>
        <cell>业务类型</cell>
        <cell colspan="12" field="{$sp}/business/type">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'business-type'"/>
            <xsl:with-param name="sel" select="$s/business/type/@code"/>
            <xsl:with-param name="form" select="$form"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="24">
        <cell>业务描述</cell>
        <cell colspan="12" field="{$sp}/business/description" valign="top">
          <xsl:for-each select="$s/business/description/p"><p><xsl:call-template name="fill"><xsl:with-param name="v" select="."/></xsl:call-template></p></xsl:for-each>
        </cell>
      </row>
      <row h="13">
        <cell rowspan="2">04系统服务情况</cell>
        <cell>服务范围</cell>
        <cell colspan="12" field="{$sp}/service/range">
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
        <cell colspan="12" field="{$sp}/service/objects">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'service-objects'"/>
            <xsl:with-param name="sel" select="$s/service/objects/@code"/>
            <xsl:with-param name="form" select="$form"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="9">
        <cell rowspan="2">05系统网络平台</cell>
        <cell>覆盖范围</cell>
        <cell colspan="12" field="{$sp}/network/coverage">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'coverage'"/>
            <xsl:with-param name="sel" select="$s/network/coverage/@code"/>
            <xsl:with-param name="form" select="$form"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="9">
        <cell>网络性质</cell>
        <cell colspan="12" field="{$sp}/network/nature">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'network-nature'"/>
            <xsl:with-param name="sel" select="$s/network/nature/@code"/>
            <xsl:with-param name="form" select="$form"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="13">
        <cell colspan="2">06系统互联情况</cell>
        <cell colspan="12" field="{$sp}/interconnection">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'interconnection'"/>
            <xsl:with-param name="sel" select="$s/interconnection/@code"/>
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="per-line" select="2"/>
          </xsl:call-template>
        </cell>
      </row>
      <!-- 07 关键产品使用情况 -->
      <row h="7">
        <cell colspan="2" rowspan="8">07关键产品使用情况</cell>
        <cell rowspan="2" align="center">序号</cell>
        <cell colspan="3" rowspan="2" align="center">产品类型</cell>
        <cell rowspan="2" align="center">数量</cell>
        <cell colspan="7" align="center">使用国产品率</cell>
      </row>
      <row h="7">
        <cell colspan="2" align="center">全部使用</cell>
        <cell colspan="2" align="center">全部未使用</cell>
        <cell colspan="3" align="center">部分使用及使用率</cell>
      </row>
      <xsl:for-each select="f:codes('product')">
        <xsl:variable name="c" select="@code"/>
        <xsl:variable name="it" select="f:where($s/products/item, 'code', $c)"/>
        <!-- one size for the column (no label shrunk alone); 其他 and its write-in on two lines -->
        <row h="{7 + 4 * number(@other = 'yes')}">
          <cell align="center"><xsl:value-of select="$c"/></cell>
          <cell colspan="3" size="10"><xsl:value-of select="."/><xsl:if test="@other = 'yes'"><blank w="3" role="fill"><xsl:value-of select="normalize-space($it)"/></blank></xsl:if></cell>
          <cell align="center" field="{$sp}/products/item/@quantity"><xsl:call-template name="fill"><xsl:with-param name="v" select="$it/@quantity"/></xsl:call-template></cell>
          <cell colspan="2" align="center"><tick on="{f:yes-no($it/@domestic = 'all')}"/></cell>
          <cell colspan="2" align="center"><tick on="{f:yes-no($it/@domestic = 'none')}"/></cell>
          <cell colspan="3" align="center"><tick on="{f:yes-no($it/@domestic = 'partial')}"/><blank w="2.5" role="fill"><xsl:value-of select="$it/@rate"/></blank>%</cell>
        </row>
      </xsl:for-each>
      <!-- 08 系统采用服务情况 -->
      <row h="7">
        <cell colspan="2" rowspan="10">08系统采用服务情况</cell>
        <cell rowspan="2" align="center">序号</cell>
        <cell colspan="5" rowspan="2" align="center">服务类型</cell>
        <cell colspan="6" align="center">服务责任方类型</cell>
      </row>
      <!-- the three provider types at one size, wrapped rather than shrunk one by one -->
      <row h="10">
        <cell colspan="2" align="center" size="9"><p>本行业</p><p>（单位）</p></cell>
        <cell colspan="2" align="center" size="9"><p>国内其他</p><p>服务商</p></cell>
        <cell colspan="2" align="center" size="9">国外服务商</cell>
      </row>
      <!-- the same for every system that uses the same services -->
      <f:memo key="'services'" data="$s/services">
      <xsl:for-each select="f:codes('service-type')">
        <xsl:variable name="c" select="@code"/>
        <xsl:variable name="it" select="f:where($s/services/item, 'code', $c)"/>
        <row h="7">
          <cell align="center"><xsl:value-of select="$c"/></cell>
          <cell colspan="3"><xsl:value-of select="."/><xsl:if test="@other = 'yes'"><blank w="3" role="fill"><xsl:value-of select="normalize-space($it)"/></blank></xsl:if></cell>
          <cell colspan="2" align="center" size="9"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$it/@used"/></xsl:call-template></cell>
          <xsl:for-each select="f:codes('service-provider')">
            <cell colspan="2" align="center"><tick on="{f:yes-no($it/@provider = current()/@code)}"/></cell>
          </xsl:for-each>
        </row>
      </xsl:for-each>
      </f:memo>
    </form>
    <!-- 01–08 fill the page; 09–13 go on the next under the title again, with the system's
         (k/n): 表二 may be photocopied per system, so every page must say whose it is -->
    <pagebreak/>
    <p style="form-title" space-after="6">表二<xsl:value-of select="$kn"/>信息系统情况（续）</p>
    <form cols="{$t2cols}">
      <row h="12">
        <cell colspan="2">09等级测评单位名称</cell>
        <cell colspan="12" field="{$sp}/evaluator"><xsl:call-template name="fill"><xsl:with-param name="v" select="$s/evaluator"/></xsl:call-template></cell>
      </row>
      <row h="12">
        <cell colspan="2">10何时投入运行使用</cell>
        <cell colspan="12" field="{$sp}/in-service"><xsl:call-template name="date"><xsl:with-param name="d" select="$s/in-service"/></xsl:call-template></cell>
      </row>
      <row h="12">
        <cell colspan="2">11系统是否是分系统</cell>
        <cell colspan="12"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="substring('yesno', 1 + 3 * number(not($s/parent-system)), (3 - number(not($s/parent-system))) * number(boolean($s)))"/><xsl:with-param name="yes" select="'是'"/><xsl:with-param name="no" select="'否（如选择是请填下两项）'"/></xsl:call-template></cell>
      </row>
      <row h="12">
        <cell colspan="2">12上级系统名称</cell>
        <cell colspan="12" field="{$sp}/parent-system/name"><xsl:call-template name="na"><xsl:with-param name="s" select="$s"/><xsl:with-param name="v" select="$s/parent-system/name"/></xsl:call-template></cell>
      </row>
      <row h="12">
        <cell colspan="2">13上级系统所属单位名称</cell>
        <cell colspan="12" field="{$sp}/parent-system/unit"><xsl:call-template name="na"><xsl:with-param name="s" select="$s"/><xsl:with-param name="v" select="$s/parent-system/unit"/></xsl:call-template></cell>
      </row>
    </form>
  </xsl:template>

  <!-- a value, or / where it does not apply (a filled form, the field absent) -->
  <xsl:template name="na">
    <xsl:param name="s" select="/.."/>
    <xsl:param name="v" select="/.."/>
    <xsl:choose>
      <xsl:when test="normalize-space($v)"><xsl:call-template name="fill"><xsl:with-param name="v" select="$v"/></xsl:call-template></xsl:when>
      <xsl:when test="$s"><span role="fill">/</span></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- 表三 01/02: the 2007 matrix, grouped by level, with the system's items ticked -->
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
      <cell colspan="2" align="center">损害客体及损害程度</cell>
      <cell align="center">级别</cell>
    </row>
    <xsl:for-each select="f:codes('level')">
      <xsl:variable name="L" select="@code"/>
      <xsl:variable name="cells" select="f:where($codes/matrix/cell, 'level', $L)[not(@object = 'citizen' and @degree = 'very-serious')]"/>
      <row h="{4 + 5 * count($cells)}">
        <cell colspan="2">
          <xsl:for-each select="$cells">
            <p><tick on="{f:yes-no(contains($hit, concat(' ', @object, ':', @degree, ' ')))}"/><xsl:value-of select="@wording-2008"/></p>
          </xsl:for-each>
        </cell>
        <cell align="center"><tick on="{f:yes-no($lv = $L)}"/><xsl:value-of select="."/></cell>
      </row>
    </xsl:for-each>
    </f:memo>
  </xsl:template>

  <xsl:template name="table3">
    <xsl:param name="s" select="/.."/>
    <xsl:param name="kn"/>
    <xsl:param name="level"/>
    <xsl:variable name="sp" select="concat('/unit/systems/system[', count($s/preceding-sibling::system) + 1, ']')"/>
    <xsl:variable name="gr" select="$s/grading"/>
    <xsl:variable name="ar" select="$gr/authority-review"/>
    <pagebreak/>
    <p style="form-title" space-after="6">表三<xsl:value-of select="$kn"/>信息系统定级情况</p>
    <form cols="8,36,88,28">
      <xsl:call-template name="matrix">
        <xsl:with-param name="label" select="'01确定业务信息安全保护等级'"/>
        <xsl:with-param name="g" select="$gr/business-info"/>
        <xsl:with-param name="lv" select="concat($s/computed/@business-level, substring(normalize-space($gr/business-info/level), 1, number(not($s/computed))))"/>
      </xsl:call-template>
      <xsl:call-template name="matrix">
        <xsl:with-param name="label" select="'02确定系统服务安全保护等级'"/>
        <xsl:with-param name="g" select="$gr/system-service"/>
        <xsl:with-param name="lv" select="concat($s/computed/@service-level, substring(normalize-space($gr/system-service/level), 1, number(not($s/computed))))"/>
      </xsl:call-template>
      <row h="9">
        <cell colspan="2">03信息系统安全保护等级</cell>
        <cell colspan="2" field="{$sp}/grading/level">
          <xsl:for-each select="f:codes('level')">
            <tick on="{f:yes-no($level = current()/@code)}"/><xsl:value-of select="."/><xsl:text>　</xsl:text>
          </xsl:for-each>
        </cell>
      </row>
      <row h="9">
        <cell colspan="2">04定级时间</cell>
        <cell colspan="2" field="{$sp}/grading/graded-on"><xsl:call-template name="date"><xsl:with-param name="d" select="$gr/graded-on"/></xsl:call-template></cell>
      </row>
      <row h="9">
        <cell colspan="2">05专家评审情况</cell>
        <cell colspan="2"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$gr/expert-review/@done"/><xsl:with-param name="yes" select="'已评审'"/><xsl:with-param name="no" select="'未评审'"/></xsl:call-template></cell>
      </row>
      <row h="9">
        <cell colspan="2">06是否有主管部门</cell>
        <cell colspan="2"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$ar/@has-authority"/><xsl:with-param name="no" select="'无（如选择有请填下两项）'"/></xsl:call-template></cell>
      </row>
      <row h="9">
        <cell colspan="2">07主管部门名称</cell>
        <cell colspan="2" field="{$sp}/grading/authority-review/name">
          <xsl:call-template name="na">
            <xsl:with-param name="s" select="$s"/>
            <xsl:with-param name="v" select="$ar[@has-authority = 'yes']/name | $u/competent-authority[$ar/@has-authority = 'yes' and not($ar/name)]"/>
          </xsl:call-template>
        </cell>
      </row>
      <row h="9">
        <cell colspan="2">08主管部门审批定级情况</cell>
        <cell colspan="2"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$ar/@approved"/><xsl:with-param name="yes" select="'已审批'"/><xsl:with-param name="no" select="'未审批'"/></xsl:call-template></cell>
      </row>
      <row h="9">
        <cell colspan="2">09系统定级报告</cell>
        <cell colspan="2" field="{$sp}/grading/report"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$gr/report/@has"/></xsl:call-template>　附件名称<blank w="16" role="fill"><xsl:value-of select="$gr/report/@attachment"/></blank></cell>
      </row>
      <row h="10">
        <cell colspan="2" field="{$sp}/filing/filled-by">填表人：<blank w="8" role="fill"><xsl:value-of select="normalize-space($s/filing/filled-by)"/></blank></cell>
        <cell colspan="2" field="{$sp}/filing/filled-on">填表日期：<xsl:call-template name="date"><xsl:with-param name="d" select="$s/filing/filled-on"/></xsl:call-template></cell>
      </row>
    </form>
    <form cols="90,70" rule="0">
      <row h="12">
        <cell border="none">备案审核民警：<blank w="8"/></cell>
        <cell border="none">审核日期：<blank w="3"/>年<blank w="2"/>月<blank w="2"/>日</cell>
      </row>
    </form>
  </xsl:template>

  <xsl:template name="table4">
    <xsl:param name="s" select="/.."/>
    <xsl:param name="kn"/>
    <xsl:variable name="sp" select="concat('/unit/systems/system[', count($s/preceding-sibling::system) + 1, ']')"/>
    <pagebreak/>
    <p style="form-title" space-after="6">表四<xsl:value-of select="$kn"/>第三级以上信息系统提交材料情况</p>
    <form cols="70,90">
      <xsl:for-each select="f:codes('material')[contains(@forms, '2007')]">
        <xsl:variable name="m" select="f:where($s/materials/material, 'code', @code)"/>
        <row h="16">
          <cell><xsl:value-of select="format-number(position(), '00')"/><xsl:value-of select="."/></cell>
          <cell field="{$sp}/materials/material">
            <p><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$m/@present"/></xsl:call-template></p>
            <p>附件名称<blank w="18" role="fill"><xsl:value-of select="$m/@attachment"/></blank></p>
          </cell>
        </row>
      </xsl:for-each>
    </form>
  </xsl:template>
</xsl:stylesheet>
