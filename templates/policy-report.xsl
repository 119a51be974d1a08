<?xml version="1.0" encoding="UTF-8"?>
<!-- 《安全需求分析及安全策略报告》 for one system (书面备案材料 2), outline of
     ../shared/domain/mlps-reference.md §3.1. The basic requirements come from the requirement
     catalogue (catalogue/gbt22239-2019.xml for a 2.0 system, -2008 for a 1.0 one) at the
     system's computed level, plus the extensions its 表四 (new-tech) says it uses; the gap
     table, counts and construction plan from its <gap-analysis>, or "pending" without one. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:set="http://exslt.org/sets" xmlns:str="http://exslt.org/strings"
                xmlns:f="urn:mlpsdoc:fn" extension-element-prefixes="f"
                exclude-result-prefixes="set str f">
  <xsl:import href="fragments/reports-common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>
  <xsl:variable name="level-tree">
    <xsl:call-template name="system-level"><xsl:with-param name="s" select="$system"/></xsl:call-template>
  </xsl:variable>
  <!-- a string, not a tree: every at/@level = $level of the catalogue then compares strings -->
  <xsl:variable name="level" select="string($level-tree)"/>
  <xsl:variable name="level-name">
    <xsl:call-template name="level-name"><xsl:with-param name="level" select="$level"/></xsl:call-template>
  </xsl:variable>
  <!-- 1.0 system: graded by GB/T 22240-2008 -->
  <xsl:variable name="v1" select="$system/grading/@standard = '2008'"/>
  <xsl:variable name="cat" select="document('catalogue/gbt22239-2019.xml')/catalogue[not($v1)] |
                                   document('catalogue/gbt22239-2008.xml')/catalogue[$v1]"/>
  <xsl:variable name="std" select="$cat/@standard"/>
  <xsl:variable name="nt" select="$system/new-tech"/>
  <!-- parts that apply: the general requirements and the extensions 表四 marks as used -->
  <xsl:variable name="parts" select="$cat/part[@id = 'general' or
      (@id = 'cloud' and $nt/cloud/@used = 'yes') or (@id = 'mobile' and $nt/mobile/@used = 'yes') or
      (@id = 'iot' and $nt/iot/@used = 'yes') or (@id = 'ics' and $nt/ics/@used = 'yes') or
      (@id = 'bigdata' and $nt/bigdata/@used = 'yes')]"/>
  <!-- the <at> of each item (2008: control point) at this level, found once; f:where(X, 'level',
       $level) is X[@level = $level] without its cost (about 3 k instructions a node of the
       catalogue), and the parts below take their share of these with set:intersection -->
  <xsl:variable name="ats" select="f:where($parts/family/control/item/at | $parts/family/control/at,
                                           'level', $level)"/>
  <xsl:variable name="items" select="$ats/parent::item"/>
  <xsl:variable name="controls" select="$items/parent::control | $ats/parent::control"/>
  <xsl:variable name="ga" select="$system/gap-analysis"/>
  <!-- the catalogue's control points and the gap conclusions, for looking up a gap's control by
       its id (f:where) and a conclusion by its code: $cat//control[@id = …] walked the whole
       catalogue for each gap, and [@id = 'gap-status'] compares every list's id. Empty without
       a gap analysis ([$ga]): libxslt evaluates every global variable for every document -->
  <xsl:variable name="all-controls" select="$cat[$ga]/part/family/control"/>
  <xsl:variable name="gap-statuses" select="$codes[$ga]/list[@id = 'gap-status']/item"/>
  <xsl:variable name="title" select="concat($system/name, substring('信息系统', 1, 4 * number($v1)))"/>
  <xsl:variable name="report-title">
    <xsl:choose>
      <xsl:when test="$v1">安全保护整体需求分析及安全策略报告</xsl:when>
      <xsl:otherwise>安全需求分析及安全策略报告</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- the report's date: the latest date it cites (定级时间, 备案日期, 差距分析), so that it is
       never dated before a step it reports as done -->
  <xsl:variable name="report-date">
    <xsl:for-each select="($system/grading/graded-on | $system/filing/filed-on | $ga/assessed-on)[normalize-space()]">
      <xsl:sort select="translate(normalize-space(.), '-', '')" data-type="number" order="descending"/>
      <xsl:if test="position() = 1"><xsl:value-of select="normalize-space(.)"/></xsl:if>
    </xsl:for-each>
  </xsl:variable>

  <xsl:template match="/">
    <document title="{$system/name}{$report-title}" author="{/unit/name}"
              subject="{$report-title}" keywords="等级保护,安全需求分析,安全策略">
      <xsl:call-template name="cover">
        <xsl:with-param name="line1" select="$system/name"/>
        <xsl:with-param name="line2" select="$report-title"/>
        <xsl:with-param name="date" select="string($report-date)"/>
      </xsl:call-template>
      <xsl:call-template name="overview"/>
      <xsl:call-template name="system-overview"/>
      <xsl:call-template name="requirements"/>
      <xsl:call-template name="strategy"/>
      <xsl:call-template name="plan"/>
      <xsl:call-template name="signature">
        <xsl:with-param name="date" select="string($report-date)"/>
      </xsl:call-template>
    </document>
  </xsl:template>

  <!-- 一、概述 -->
  <xsl:template name="overview">
    <h level="1">概述</h>
    <h level="2">编制目的</h>
    <p>为落实网络安全等级保护制度，明确<xsl:value-of select="$system/name"/>（以下简称本系统）按照<xsl:value-of select="$level-name"/>应满足的安全保护要求，分析现状与要求之间的差距，确定总体安全策略和安全建设规划，<xsl:value-of select="/unit/name"/>编制本报告，作为本系统安全建设整改和等级测评的依据。</p>
    <h level="2">编制依据</h>
    <table cols="1,2,9" valign="top" header-rows="1" caption="编制依据" id="basis">
      <row><cell head="yes">序号</cell><cell head="yes">类别</cell><cell head="yes">名称</cell></row>
      <row><cell align="center">1</cell><cell>法律</cell><cell>《中华人民共和国网络安全法》</cell></row>
      <row><cell align="center">2</cell><cell>规章</cell><cell>《信息安全等级保护管理办法》（公通字〔2007〕43号）</cell></row>
      <xsl:choose>
        <xsl:when test="$v1">
          <row><cell align="center">3</cell><cell>国家标准</cell><cell>GB 17859-1999《计算机信息系统 安全保护等级划分准则》</cell></row>
          <row><cell align="center">4</cell><cell>国家标准</cell><cell>GB/T 22239-2008《信息安全技术 信息系统安全等级保护基本要求》</cell></row>
          <row><cell align="center">5</cell><cell>国家标准</cell><cell>GB/T 22240-2008《信息安全技术 信息系统安全等级保护定级指南》</cell></row>
          <row><cell align="center">6</cell><cell>国家标准</cell><cell>GB/T 25058-2010《信息安全技术 信息系统安全等级保护实施指南》</cell></row>
        </xsl:when>
        <xsl:otherwise>
          <row><cell align="center">3</cell><cell>国家标准</cell><cell>GB 17859-1999《计算机信息系统 安全保护等级划分准则》</cell></row>
          <row><cell align="center">4</cell><cell>国家标准</cell><cell>GB/T 22239-2019《信息安全技术 网络安全等级保护基本要求》</cell></row>
          <row><cell align="center">5</cell><cell>国家标准</cell><cell>GB/T 22240-2020《信息安全技术 网络安全等级保护定级指南》</cell></row>
          <row><cell align="center">6</cell><cell>国家标准</cell><cell>GB/T 25058-2019《信息安全技术 网络安全等级保护实施指南》</cell></row>
          <row><cell align="center">7</cell><cell>国家标准</cell><cell>GB/T 25070-2019《信息安全技术 网络安全等级保护安全设计技术要求》</cell></row>
        </xsl:otherwise>
      </xsl:choose>
    </table>
    <h level="2">适用范围</h>
    <p>本报告适用于<xsl:value-of select="/unit/name"/>的<xsl:value-of select="$system/name"/>，包括其承载的业务、网络与安全设备、服务器、应用和数据。</p>
  </xsl:template>

  <!-- 二、系统概况 -->
  <xsl:template name="system-overview">
    <h level="1">系统概况</h>
    <h level="2">定级结果</h>
    <p>本系统安全保护等级为<xsl:value-of select="$level-name"/>，定级结果见<ref to="grading"/>。</p>
    <table cols="4,6" valign="top" caption="定级结果" id="grading">
      <row><cell>定级对象名称</cell><cell><xsl:value-of select="$system/name"/></cell></row>
      <row><cell>业务信息安全保护等级</cell><cell><xsl:call-template name="level-name"><xsl:with-param name="level" select="($system/computed/@business-level | $system/grading/business-info/level)[1]"/></xsl:call-template></cell></row>
      <row><cell>系统服务安全保护等级</cell><cell><xsl:call-template name="level-name"><xsl:with-param name="level" select="($system/computed/@service-level | $system/grading/system-service/level)[1]"/></xsl:call-template></cell></row>
      <row><cell>安全保护等级</cell><cell><xsl:value-of select="$level-name"/></cell></row>
      <row><cell>定级时间</cell><cell><xsl:call-template name="date"><xsl:with-param name="d" select="$system/grading/graded-on"/></xsl:call-template></cell></row>
      <xsl:if test="$system/filing/filed-on">
        <row><cell>备案日期</cell><cell><xsl:call-template name="date"><xsl:with-param name="d" select="$system/filing/filed-on"/></xsl:call-template></cell></row>
      </xsl:if>
      <row><cell>安全责任部门</cell><cell><xsl:value-of select="/unit/security-dept"/></cell></row>
      <row><cell>联系人</cell><cell><xsl:value-of select="concat(/unit/security-contact/name, '（', /unit/security-contact/title, '）  ', /unit/security-contact/office-phone)"/></cell></row>
    </table>
    <h level="2">承载的业务</h>
    <xsl:call-template name="paras"><xsl:with-param name="of" select="$system/business/description"/></xsl:call-template>
    <xsl:call-template name="paras"><xsl:with-param name="of" select="$system/service/description"/></xsl:call-template>
    <h level="2">网络结构与安全区域</h>
    <xsl:call-template name="paras"><xsl:with-param name="of" select="$system/network/description"/></xsl:call-template>
    <xsl:call-template name="paras"><xsl:with-param name="of" select="$system/boundary"/></xsl:call-template>
    <xsl:if test="string($system/topology/@src)">
      <image src="{$system/topology/@src}" width="0.8" caption="{$system/name}网络拓扑" id="topology"/>
      <p>网络拓扑见<ref to="topology"/>。</p>
    </xsl:if>
    <xsl:if test="$system/assets/asset">
      <h level="2">主要资产</h>
      <table cols="1,2,4,4,1" valign="top" header-rows="1" caption="主要资产" id="assets">
        <row><cell head="yes">序号</cell><cell head="yes">类别</cell><cell head="yes">名称</cell><cell head="yes">型号/版本</cell><cell head="yes">数量</cell></row>
        <xsl:variable name="kinds" select="$codes/list[@id = 'asset-kind']/item"/>
        <xsl:for-each select="$system/assets/asset">
          <row>
            <cell align="center"><xsl:value-of select="position()"/></cell>
            <cell><xsl:value-of select="f:where($kinds, 'code', kind/@code)"/><xsl:value-of select="kind"/></cell>
            <cell><xsl:value-of select="name"/></cell>
            <cell><xsl:value-of select="model"/></cell>
            <cell align="center"><xsl:value-of select="quantity"/></cell>
          </row>
        </xsl:for-each>
      </table>
    </xsl:if>
  </xsl:template>

  <!-- 三、安全需求分析 -->
  <xsl:template name="requirements">
    <h level="1">安全需求分析</h>
    <!-- the same for every system of one level, standard and extensions: made once a run -->
    <f:memo key="concat($level, ' ', $level-name, ' ', $v1, ' ', $std, ' ', str:concat($parts/@id))">
    <h level="2">基本安全需求</h>
    <xsl:choose>
      <xsl:when test="$v1">
        <p>依据 <xsl:value-of select="$std"/>，<xsl:value-of select="$level-name"/>信息系统应满足技术和管理两方面的基本要求，本系统适用的控制点共 <xsl:value-of select="count($controls)"/> 个，按层面列于<ref to="controls"/>。各控制点的具体要求项见该标准第 <xsl:value-of select="$level + 4"/> 章。</p>
      </xsl:when>
      <xsl:otherwise>
        <p>依据 <xsl:value-of select="$std"/>，本系统应满足<xsl:value-of select="$level-name"/>安全通用要求 <xsl:value-of select="count(set:intersection($items, $parts[@id = 'general']/family/control/item))"/> 项<xsl:for-each select="$parts[@id != 'general']">，以及<xsl:value-of select="@name"/> <xsl:value-of select="count(set:intersection($items, family/control/item))"/> 项</xsl:for-each>，合计 <xsl:value-of select="count($items)"/> 项要求，涉及 <xsl:value-of select="count($controls)"/> 个控制点。<xsl:if test="$parts[@id != 'general']">本系统在定级备案表表四中填报使用了<xsl:for-each select="$parts[@id != 'general']"><xsl:if test="position() &gt; 1">、</xsl:if><xsl:value-of select="substring-before(@name, '安全扩展要求')"/></xsl:for-each>技术，相应扩展要求一并列出。</xsl:if></p>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$v1">
      <table cols="1.5,4,6,2" valign="top" header-rows="1" caption="{$level-name}基本要求控制点" id="controls">
        <row><cell head="yes">序号</cell><cell head="yes">层面</cell><cell head="yes">控制点</cell><cell head="yes">类别</cell></row>
        <xsl:for-each select="$controls">
          <row>
            <cell align="center"><xsl:value-of select="position()"/></cell>
            <cell><xsl:value-of select="../@name"/></cell>
            <cell><xsl:value-of select="@name"/></cell>
            <cell align="center"><xsl:value-of select="substring('技术管理', 1 + 2 * number(../@kind = 'management'), 2)"/></cell>
          </row>
        </xsl:for-each>
      </table>
    </xsl:if>
    <xsl:for-each select="$parts[not($v1)]">
      <xsl:variable name="part" select="."/>
      <xsl:for-each select="family">
        <!-- each row from its item's <at> of this level (its clause); f:where on the family's
             own list, not an intersection with $ats, which copies the whole level's list -->
        <xsl:variable name="family-ats" select="f:where(control/item/at, 'level', $level)"/>
        <!-- the control point's name on every row of its group: table cells cannot span rows
             (docs/doc-format.md), and a row that starts a page must still say what it is -->
        <xsl:if test="$family-ats">
        <table cols="2,4,14,4" valign="top" header-rows="1" caption="{$level-name}{$part/@name}：{@name}">
          <row><cell head="yes">序号</cell><cell head="yes">控制点</cell><cell head="yes">要求项</cell><cell head="yes">条款</cell></row>
          <!-- string(): catalogue text, no data field for the engine to note where it came
               from (xsl:value-of of nodes goes through that check, for every row) -->
          <xsl:for-each select="$family-ats">
            <row>
              <cell align="center"><xsl:value-of select="position()"/></cell>
              <cell><xsl:value-of select="string(../../@name)"/></cell>
              <cell><xsl:value-of select="string(../text)"/></cell>
              <cell><xsl:value-of select="string(@clause)"/></cell>
            </row>
          </xsl:for-each>
        </table>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>
    </f:memo>
    <h level="2">特殊安全需求</h>
    <p>除基本安全需求外，结合本系统的业务特点和承载的数据，提出以下特殊安全需求：</p>
    <xsl:if test="$system/data-resources/data[personal-info/@code != 'none']">
      <p>本系统处理个人信息（<xsl:for-each select="$system/data-resources/data[personal-info/@code != 'none']"><xsl:if test="position() &gt; 1">、</xsl:if><xsl:value-of select="name"/></xsl:for-each>），应按《中华人民共和国个人信息保护法》的要求落实个人信息的收集、存储、使用、删除全过程保护。</p>
    </xsl:if>
    <xsl:if test="$nt/cloud/@used = 'yes'">
      <p>本系统部署在云计算平台<xsl:if test="string($nt/cloud/platform-name)">（<xsl:value-of select="$nt/cloud/platform-name"/>）</xsl:if>上，应与云服务商明确安全责任划分，云计算平台的安全保护等级不应低于本系统的安全保护等级。</p>
    </xsl:if>
    <p>本系统的业务连续性要求、重要数据的备份与恢复要求，以及行业主管部门提出的其他要求，在安全建设中一并落实。</p>
    <h level="2">现状差距分析</h>
    <xsl:choose>
      <xsl:when test="$ga">
        <xsl:call-template name="gap"/>
      </xsl:when>
      <xsl:otherwise>
        <p>本系统的现状差距分析结合等级测评开展：<xsl:value-of select="/unit/name"/>委托具备资质的等级测评机构，按上述基本安全需求和特殊安全需求对本系统逐项测评，对各控制点作出“已满足、部分满足、未满足”的结论，分析差距产生的原因并提出整改措施。差距分析结论形成后补充列入本报告，并据此细化安全建设规划。</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The name of a catalogue control point, from its id. -->
  <xsl:template name="control-name">
    <xsl:param name="ref"/>
    <xsl:value-of select="f:where($all-controls, 'id', $ref)/@name"/>
  </xsl:template>

  <xsl:template name="status-name">
    <xsl:param name="code"/>
    <xsl:value-of select="$gap-statuses[@code = $code]"/>
  </xsl:template>

  <xsl:template name="gap">
    <xsl:variable name="met" select="count($ga/control[@status = 'met'])"/>
    <xsl:variable name="partial" select="count($ga/control[@status = 'partial'])"/>
    <xsl:variable name="unmet" select="count($ga/control[@status = 'unmet'])"/>
    <p><xsl:call-template name="date"><xsl:with-param name="d" select="$ga/assessed-on"/></xsl:call-template><xsl:if test="string($ga/assessor)">，<xsl:value-of select="$ga/assessor"/></xsl:if>对本系统适用的 <xsl:value-of select="count($controls)"/> 个控制点中的 <xsl:value-of select="count($ga/control)"/> 个进行了现状评估：已满足 <xsl:value-of select="$met"/> 个，部分满足 <xsl:value-of select="$partial"/> 个，未满足 <xsl:value-of select="$unmet"/> 个（见<ref to="gap-counts"/>、<ref to="gap-table"/>）<xsl:if test="count($controls) &gt; count($ga/control)">；其余 <xsl:value-of select="count($controls) - count($ga/control)"/> 个控制点尚未评估</xsl:if>。</p>
    <table cols="3,2,2" valign="top" header-rows="1" caption="差距分析结论统计" id="gap-counts">
      <row><cell head="yes">结论</cell><cell head="yes">控制点数</cell><cell head="yes">占已评估比例</cell></row>
      <xsl:for-each select="$gap-statuses">
        <xsl:variable name="n" select="count($ga/control[@status = current()/@code])"/>
        <row>
          <cell><xsl:value-of select="."/></cell>
          <cell align="center"><xsl:value-of select="$n"/></cell>
          <cell align="center"><xsl:value-of select="round(100 * $n div count($ga/control))"/>%</cell>
        </row>
      </xsl:for-each>
      <row><cell>合计</cell><cell align="center"><xsl:value-of select="count($ga/control)"/></cell><cell align="center">100%</cell></row>
    </table>
    <table cols="11,27,27,18,40,33" valign="top" header-rows="1" caption="差距分析" id="gap-table">
      <row><cell head="yes">序号</cell><cell head="yes">安全类</cell><cell head="yes">控制点</cell><cell head="yes">结论</cell><cell head="yes">现状及整改措施</cell><cell head="yes">计划完成</cell></row>
      <xsl:for-each select="$ga/control">
        <xsl:variable name="c" select="f:where($all-controls, 'id', @ref)"/>
        <row>
          <cell align="center"><xsl:value-of select="position()"/></cell>
          <cell><xsl:value-of select="$c/../@name"/><xsl:if test="$c/../../@id != 'general'">（<xsl:value-of select="substring-before($c/../../@name, '安全扩展要求')"/>）</xsl:if></cell>
          <cell><xsl:value-of select="$c/@name"/></cell>
          <cell><xsl:call-template name="status-name"><xsl:with-param name="code" select="@status"/></xsl:call-template></cell>
          <cell><xsl:value-of select="finding"/><xsl:if test="string(finding) and string(measure)">整改：</xsl:if><xsl:value-of select="measure"/></cell>
          <cell><xsl:call-template name="date"><xsl:with-param name="d" select="target-date"/></xsl:call-template></cell>
        </row>
      </xsl:for-each>
    </table>
  </xsl:template>

  <!-- 四、总体安全策略 -->
  <xsl:template name="strategy">
    <h level="1">总体安全策略</h>
    <h level="2">方针与目标</h>
    <p>坚持“积极防御、综合防范、分区分域、纵深防御”的方针，以<xsl:value-of select="$level-name"/>安全保护要求为基线，使本系统具备与其安全保护等级相适应的安全保护能力，保障业务连续运行和数据安全。</p>
    <h level="2">总体安全架构</h>
    <xsl:choose>
      <xsl:when test="$v1">
        <p>按照“分区分域、纵深防御”的原则，从物理安全、网络安全、主机安全、应用安全、数据安全及备份恢复五个层面构建安全技术体系，从安全管理制度、安全管理机构、人员安全管理、系统建设管理、系统运维管理五个方面构建安全管理体系。</p>
      </xsl:when>
      <xsl:otherwise>
        <p>按照 GB/T 25070-2019 “一个中心、三重防护”的思路构建安全技术体系：以安全管理中心为核心，对安全通信网络、安全区域边界、安全计算环境实施三重防护，形成纵深防御；同时从安全管理制度、安全管理机构、安全管理人员、安全建设管理、安全运维管理五个方面构建安全管理体系。</p>
      </xsl:otherwise>
    </xsl:choose>
    <h level="2">安全技术策略</h>
    <xsl:for-each select="$cat/part[@id = 'general']/family[@kind = 'technical']">
      <xsl:call-template name="family-strategy"/>
    </xsl:for-each>
    <h level="2">安全管理策略</h>
    <xsl:for-each select="$cat/part[@id = 'general']/family[@kind = 'management']">
      <xsl:call-template name="family-strategy"/>
    </xsl:for-each>
  </xsl:template>

  <!-- One paragraph per family with control points at this level (none: nothing): what it
       covers, and its open gaps. -->
  <xsl:template name="family-strategy">
    <xsl:variable name="open" select="$ga/control[@status != 'met'][@ref = current()/control/@id]"/>
    <!-- the same for every system of one level, standard and extensions, and the same gaps -->
    <f:memo key="concat($level, ' ', $v1, ' ', str:concat($parts/@id), ' ', @id)" data="$open">
    <xsl:variable name="ctl" select="set:intersection($controls, control)"/>
    <xsl:if test="$ctl">
      <p><span role="h2"><xsl:value-of select="@name"/>：</span>
        <xsl:text>落实</xsl:text>
        <xsl:for-each select="$ctl">
          <xsl:if test="position() &gt; 1">、</xsl:if>
          <xsl:value-of select="string(@name)"/>
        </xsl:for-each>
        <xsl:text>等 </xsl:text><xsl:value-of select="count($ctl)"/><xsl:text> 个控制点的要求</xsl:text>
        <xsl:if test="not($v1)">（<xsl:value-of select="count(set:intersection($items, $ctl/item))"/> 项）</xsl:if>
        <xsl:choose>
          <xsl:when test="$open">；重点整改<xsl:for-each select="$open"><xsl:if test="position() &gt; 1">、</xsl:if><xsl:call-template name="control-name"><xsl:with-param name="ref" select="@ref"/></xsl:call-template></xsl:for-each>。</xsl:when>
          <xsl:otherwise>。</xsl:otherwise>
        </xsl:choose>
      </p>
    </xsl:if>
    </f:memo>
  </xsl:template>

  <!-- 五、安全建设规划: the gaps, 未满足 first, then by target date -->
  <xsl:template name="plan">
    <h level="1">安全建设规划</h>
    <xsl:choose>
      <xsl:when test="$ga/control[@status = 'partial' or @status = 'unmet']">
        <p>根据差距分析结果，按“先未满足、后部分满足，先到期、后到期”的顺序安排安全建设整改，共 <xsl:value-of select="count($ga/control[@status = 'partial' or @status = 'unmet'])"/> 项（见<ref to="plan"/>）。整改完成后委托具备资质的测评机构开展等级测评。</p>
        <table cols="11,27,69,16,33" valign="top" header-rows="1" caption="安全建设整改计划" id="plan">
          <row><cell head="yes">序号</cell><cell head="yes">控制点</cell><cell head="yes">整改措施</cell><cell head="yes">优先级</cell><cell head="yes">计划完成</cell></row>
          <xsl:for-each select="$ga/control[@status = 'partial' or @status = 'unmet']">
            <xsl:sort select="number(@status = 'partial')" data-type="number"/>
            <xsl:sort select="translate(target-date, '-', '')" data-type="number"/>
            <row>
              <cell align="center"><xsl:value-of select="position()"/></cell>
              <cell><xsl:call-template name="control-name"><xsl:with-param name="ref" select="@ref"/></xsl:call-template></cell>
              <cell><xsl:value-of select="measure"/></cell>
              <cell align="center"><xsl:value-of select="substring('高中', 1 + number(@status = 'partial'), 1)"/></cell>
              <cell><xsl:call-template name="date"><xsl:with-param name="d" select="target-date"/></xsl:call-template></cell>
            </row>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:when test="$ga">
        <p>差距分析表明本系统已评估的控制点均已满足要求，今后按<xsl:value-of select="$level-name"/>要求持续运维，并定期开展等级测评。</p>
      </xsl:when>
      <!-- no gap analysis yet: the steps from 等级测评 to the rectification, at the level's
           cadence (管理办法 第十四条: 第三级 yearly, 第四级 half-yearly) -->
      <xsl:otherwise>
        <p>本系统的安全建设整改以等级测评和差距分析的结论为依据，按以下步骤实施：</p>
        <p><span role="h2">开展等级测评：</span>委托具备资质的等级测评机构对本系统开展等级测评，查明各控制点的现状，形成差距分析结论。</p>
        <p><span role="h2">制定整改方案：</span>针对部分满足和未满足的控制点，按“先未满足、后部分满足”的顺序确定整改措施、优先级、责任部门、完成时间和所需经费，报单位负责人批准。</p>
        <p><span role="h2">实施安全建设整改：</span>从安全技术和安全管理两方面落实整改措施，整改涉及系统变更的，按变更管理要求实施，确保业务连续运行。</p>
        <p><span role="h2">复测与持续改进：</span>整改完成后由测评机构复测，确认本系统达到<xsl:value-of select="$level-name"/>安全保护要求；此后<xsl:choose><xsl:when test="$level &gt;= 4">每半年至少开展一次等级测评</xsl:when><xsl:when test="$level = 3">每年至少开展一次等级测评</xsl:when><xsl:otherwise>定期开展等级测评和自查</xsl:otherwise></xsl:choose>，系统发生重大变更时重新开展差距分析并修订本规划。</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
