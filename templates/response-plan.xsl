<?xml version="1.0" encoding="UTF-8"?>
<!-- 《信息安全事件等级响应和处置预案》 for a unit, covering its systems (书面备案材料 3),
     outline of ../shared/domain/mlps-reference.md §3.2–3.4. Organisation, roles and outside
     contacts come from every system's <response> (each person and contact once), the
     organisation text and backup arrangements from every system's, each under its name. Event classes: GB/T 20986-2023 when any system is graded under the 2.0 rules,
     GB/Z 20986-2007 for a unit whose systems are all 1.0. The GB/T 20986-2023 class list is
     from secondary sources (not read from the standard): see templates/README or the
     coordinator's notes before relying on it. Rendered once per unit (system-id = ''). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:import href="fragments/reports-common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="systems" select="/unit/systems/system"/>
  <xsl:variable name="v2" select="boolean($systems/grading[@standard = '2020'])"/>
  <xsl:variable name="max-level">
    <xsl:for-each select="$systems">
      <xsl:sort select="(computed/@level | grading/level)[1]" data-type="number" order="descending"/>
      <xsl:if test="position() = 1"><xsl:value-of select="normalize-space((computed/@level | grading/level)[1])"/></xsl:if>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="title" select="'信息安全事件等级响应和处置预案'"/>
  <!-- every system's outside contacts, each once: the first of each org and phone (f:distinct,
       one pass; xsl:key and generate-id() would mark the data's nodes: templates/README.md) -->
  <xsl:variable name="contacts" select="f:distinct($systems/response/contacts/contact, 'org', 'phone')"/>

  <xsl:template match="/">
    <document title="{/unit/name}{$title}" author="{/unit/name}" subject="{$title}"
              keywords="等级保护,应急预案,安全事件">
      <xsl:call-template name="cover">
        <xsl:with-param name="line1" select="/unit/name"/>
        <xsl:with-param name="line2" select="$title"/>
        <xsl:with-param name="date" select="''"/>
        <xsl:with-param name="write-in-date" select="true()"/>
        <xsl:with-param name="toc-levels" select="1"/>
      </xsl:call-template>
      <xsl:call-template name="general"/>
      <xsl:call-template name="organisation"/>
      <xsl:call-template name="classes"/>
      <xsl:call-template name="warning"/>
      <xsl:call-template name="handling"/>
      <xsl:call-template name="recovery"/>
      <xsl:call-template name="assurance"/>
      <xsl:call-template name="drills"/>
      <xsl:call-template name="closing"/>
      <xsl:call-template name="contacts-annex"/>
    </document>
  </xsl:template>

  <xsl:template name="level-of">
    <xsl:param name="s"/>
    <xsl:call-template name="level-name">
      <xsl:with-param name="level"><xsl:call-template name="system-level"><xsl:with-param name="s" select="$s"/></xsl:call-template></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- 一、总则 -->
  <xsl:template name="general">
    <h level="1">总则</h>
    <h level="2">编制目的</h>
    <p>为建立健全<xsl:value-of select="/unit/name"/>网络与信息安全事件应急工作机制，提高应对信息安全事件的能力，预防和减少事件造成的损失和危害，保障本单位信息系统安全稳定运行，制定本预案。</p>
    <h level="2">编制依据</h>
    <p>《中华人民共和国网络安全法》《信息安全等级保护管理办法》（公通字〔2007〕43号）《国家网络安全事件应急预案》、<xsl:choose><xsl:when test="$v2">GB/T 20986-2023《信息安全技术 网络安全事件分类分级指南》、GB/T 22239-2019《信息安全技术 网络安全等级保护基本要求》</xsl:when><xsl:otherwise>GB/Z 20986-2007《信息安全技术 信息安全事件分类分级指南》、GB/T 22239-2008《信息安全技术 信息系统安全等级保护基本要求》</xsl:otherwise></xsl:choose>、GB/T 24363-2009《信息安全技术 信息安全应急响应计划规范》。</p>
    <h level="2">适用范围</h>
    <p>本预案适用于<xsl:value-of select="/unit/name"/>以下已定级信息系统（见<ref to="systems"/>）发生的信息安全事件的应对工作。</p>
    <table cols="1,6,3,4" valign="top" header-rows="1" caption="适用的信息系统" id="systems">
      <row><cell head="yes">序号</cell><cell head="yes">系统名称</cell><cell head="yes">安全保护等级</cell><cell head="yes">定级时间</cell></row>
      <xsl:for-each select="$systems">
        <row>
          <cell align="center"><xsl:value-of select="position()"/></cell>
          <cell><xsl:value-of select="name"/></cell>
          <cell align="center"><xsl:call-template name="level-of"><xsl:with-param name="s" select="."/></xsl:call-template></cell>
          <cell align="center"><xsl:call-template name="date"><xsl:with-param name="d" select="grading/graded-on"/></xsl:call-template></cell>
        </row>
      </xsl:for-each>
    </table>
    <h level="2">工作原则</h>
    <p>统一领导、分级负责；预防为主、常备不懈；快速反应、科学处置；属地管理、协同配合。</p>
  </xsl:template>

  <!-- 二、组织机构及职责 -->
  <xsl:template name="organisation">
    <h level="1">组织机构及职责</h>
    <h level="2">应急组织</h>
    <!-- every system's arrangements: one system's alone, as written; several, each under its
         name (a heading 1. 2. …), after one sentence saying who leads -->
    <xsl:variable name="org" select="$systems[response/organisation/p[normalize-space()]]"/>
    <xsl:choose>
      <xsl:when test="count($org) = 1 and count($systems) = 1">
        <xsl:call-template name="paras"><xsl:with-param name="of" select="$org/response/organisation"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$org">
        <p>本单位网络安全应急工作由网络安全事件应急领导小组统一领导，<xsl:value-of select="/unit/security-dept"/>负责日常工作。各信息系统的应急组织安排如下。</p>
        <xsl:for-each select="$org">
          <h level="3"><xsl:value-of select="name"/></h>
          <xsl:call-template name="paras"><xsl:with-param name="of" select="response/organisation"/></xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <p>本单位网络安全应急工作由网络安全事件应急领导小组统一领导，<xsl:value-of select="/unit/security-dept"/>负责日常工作。</p>
      </xsl:otherwise>
    </xsl:choose>
    <h level="2">人员及职责</h>
    <p>应急组织成员及联系方式见<ref to="roles"/>。单位负责人<xsl:value-of select="/unit/leader/name"/>（<xsl:value-of select="/unit/leader/title"/>）对本单位网络安全应急工作负总责；<xsl:value-of select="/unit/security-dept"/>为安全责任部门，联系人<xsl:value-of select="/unit/security-contact/name"/>，电话<xsl:value-of select="/unit/security-contact/office-phone"/>。</p>
    <table cols="4,2.5,3,5.5,4.5,4.5" valign="top" header-rows="1" caption="应急组织成员" id="roles">
      <row><cell head="yes">应急职责</cell><cell head="yes">姓名</cell><cell head="yes">职务</cell><cell head="yes">职责说明</cell><cell head="yes">办公电话</cell><cell head="yes">手机</cell></row>
      <!-- every system's roles, each person once; a role not shared by all systems names its system -->
      <xsl:variable name="roles" select="$systems/response/roles/role"/>
      <!-- the list found once, not by comparing every list's id for each row -->
      <xsl:variable name="role-items" select="$codes/list[@id = 'response-role']/item"/>
      <!-- the first of each duty and person (f:distinct: one pass, not each role against all
           those before it, which was half of the plan's expansion) -->
      <xsl:for-each select="f:distinct($roles, '@code', 'person')">
        <xsl:variable name="r" select="."/>
        <xsl:variable name="in" select="$systems[response/roles/role[@code = $r/@code][person = $r/person]]"/>
        <row>
          <cell align="left"><xsl:value-of select="$role-items[@code = current()/@code]"/><xsl:if test="count($in) &lt; count($systems[response])">（<xsl:for-each select="$in"><xsl:if test="position() &gt; 1">、</xsl:if><xsl:value-of select="name"/></xsl:for-each>）</xsl:if></cell>
          <cell align="left"><xsl:value-of select="person"/></cell>
          <cell align="left"><xsl:value-of select="position"/></cell>
          <cell align="left"><xsl:value-of select="duties"/></cell>
          <cell><xsl:value-of select="office-phone"/></cell>
          <cell><xsl:value-of select="mobile"/></cell>
        </row>
      </xsl:for-each>
      <xsl:if test="not($systems/response/roles/role)">
        <row>
          <cell>应急领导小组组长</cell>
          <cell><xsl:value-of select="/unit/leader/name"/></cell>
          <cell><xsl:value-of select="/unit/leader/title"/></cell>
          <cell>批准启动和终止应急响应</cell>
          <cell><xsl:value-of select="/unit/leader/office-phone"/></cell>
          <cell><xsl:value-of select="/unit/leader/mobile"/></cell>
        </row>
      </xsl:if>
    </table>
  </xsl:template>

  <!-- 三、事件分类和分级 -->
  <xsl:template name="classes">
    <h level="1">事件分类和分级</h>
    <h level="2">事件分类</h>
    <xsl:choose>
      <xsl:when test="$v2">
        <p>依据 GB/T 20986-2023，网络安全事件分为以下类别（见<ref to="classes"/>）<xsl:choose><xsl:when test="$systems/grading[@standard = '2008']">；该标准替代了 GB/Z 20986-2007，按等保 1.0 定级的系统沿用的旧分类（七类）与之对应处置。</xsl:when><xsl:otherwise>。</xsl:otherwise></xsl:choose></p>
        <table cols="1,4,9" valign="top" header-rows="1" caption="网络安全事件分类" id="classes">
          <row><cell head="yes">序号</cell><cell head="yes">事件类别</cell><cell head="yes">说明</cell></row>
          <row><cell align="center">1</cell><cell>恶意程序事件</cell><cell>计算机病毒、蠕虫、木马、僵尸网络、勒索软件等恶意程序造成的事件</cell></row>
          <row><cell align="center">2</cell><cell>网络攻击事件</cell><cell>拒绝服务攻击、漏洞利用、网络扫描窃听、网络钓鱼、域名劫持等攻击造成的事件</cell></row>
          <row><cell align="center">3</cell><cell>数据安全事件</cell><cell>数据篡改、假冒、泄露、窃取、丢失等事件</cell></row>
          <row><cell align="center">4</cell><cell>信息内容安全事件</cell><cell>通过网络传播违法有害信息等事件</cell></row>
          <row><cell align="center">5</cell><cell>设备设施故障事件</cell><cell>软硬件自身故障、外围保障设施故障、人为破坏等事件</cell></row>
          <row><cell align="center">6</cell><cell>违规操作事件</cell><cell>违反规定的操作导致的事件</cell></row>
          <row><cell align="center">7</cell><cell>安全隐患事件</cell><cell>存在可能被利用的重大安全隐患的事件</cell></row>
          <row><cell align="center">8</cell><cell>异常行为事件</cell><cell>网络、系统或用户的异常行为事件</cell></row>
          <row><cell align="center">9</cell><cell>不可抗力事件</cell><cell>自然灾害等不可抗力造成的事件</cell></row>
          <row><cell align="center">10</cell><cell>其他事件</cell><cell>不能归入以上类别的事件</cell></row>
        </table>
      </xsl:when>
      <xsl:otherwise>
        <p>依据 GB/Z 20986-2007，信息安全事件分为七个基本分类（见<ref to="classes"/>）。</p>
        <table cols="1,4,9" valign="top" header-rows="1" caption="信息安全事件分类" id="classes">
          <row><cell head="yes">序号</cell><cell head="yes">事件类别</cell><cell head="yes">子类</cell></row>
          <row><cell align="center">1</cell><cell>有害程序事件</cell><cell>计算机病毒、蠕虫、特洛伊木马、僵尸网络、混合攻击程序、网页内嵌恶意代码、其他有害程序事件</cell></row>
          <row><cell align="center">2</cell><cell>网络攻击事件</cell><cell>拒绝服务攻击、后门攻击、漏洞攻击、网络扫描窃听、网络钓鱼、干扰、其他网络攻击事件</cell></row>
          <row><cell align="center">3</cell><cell>信息破坏事件</cell><cell>信息篡改、信息假冒、信息泄漏、信息窃取、信息丢失、其他信息破坏事件</cell></row>
          <row><cell align="center">4</cell><cell>信息内容安全事件</cell><cell>利用网络发布、传播危害国家安全、社会稳定和公共利益内容的事件</cell></row>
          <row><cell align="center">5</cell><cell>设备设施故障</cell><cell>软硬件自身故障、外围保障设施故障、人为破坏事故、其他设备设施故障</cell></row>
          <row><cell align="center">6</cell><cell>灾害性事件</cell><cell>自然灾害等不可抗力导致的事件</cell></row>
          <row><cell align="center">7</cell><cell>其他信息安全事件</cell><cell>不能归入以上类别的事件</cell></row>
        </table>
      </xsl:otherwise>
    </xsl:choose>
    <h level="2">事件分级</h>
    <!-- GB/T 20986-2023 grades by the 事件影响对象 (mlps-reference.md §3.3), GB/Z 20986-2007 by
         the 信息系统; both by its importance, the loss and the social impact (§3.4). The level
         column is wide enough for 特别重大事件（Ⅰ级） on one line. -->
    <xsl:variable name="obj">
      <xsl:choose>
        <xsl:when test="$v2">事件影响对象</xsl:when>
        <xsl:otherwise>信息系统</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="loss">
      <xsl:choose>
        <xsl:when test="$v2">损失</xsl:when>
        <xsl:otherwise>系统损失</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$v2">
        <p>依据 GB/T 20986-2023，根据事件影响对象（受事件影响的网络和信息系统、数据及其承载的业务）的重要程度、遭受的损失和造成的社会影响，事件分为四级（见<ref to="grades"/>）。本单位最高安全保护等级的系统为<xsl:call-template name="level-name"><xsl:with-param name="level" select="$max-level"/></xsl:call-template>。</p>
      </xsl:when>
      <xsl:otherwise>
        <p>依据 GB/Z 20986-2007，根据信息系统的重要程度、系统损失和社会影响，事件分为四级（见<ref to="grades"/>）。本单位最高安全保护等级的系统为<xsl:call-template name="level-name"><xsl:with-param name="level" select="$max-level"/></xsl:call-template>。</p>
      </xsl:otherwise>
    </xsl:choose>
    <table cols="4,10" valign="top" header-rows="1" caption="事件分级" id="grades">
      <row><cell head="yes">级别</cell><cell head="yes">判定条件</cell></row>
      <row><cell>特别重大事件（Ⅰ级）</cell><cell>特别重要的<xsl:value-of select="$obj"/>遭受特别严重的<xsl:value-of select="$loss"/>，大面积瘫痪、丧失业务处理能力；或重要数据丢失、被窃取、篡改，对国家安全和社会稳定产生特别重大的影响。</cell></row>
      <row><cell>重大事件（Ⅱ级）</cell><cell>特别重要的<xsl:value-of select="$obj"/>遭受严重的<xsl:value-of select="$loss"/>，或重要的<xsl:value-of select="$obj"/>遭受特别严重的<xsl:value-of select="$loss"/>，造成<xsl:choose><xsl:when test="$v2">业务</xsl:when><xsl:otherwise>系统</xsl:otherwise></xsl:choose>长时间中断或局部瘫痪；或产生重大的社会影响。</cell></row>
      <row><cell>较大事件（Ⅲ级）</cell><cell>特别重要的<xsl:value-of select="$obj"/>遭受较大的<xsl:value-of select="$loss"/>，或重要的<xsl:value-of select="$obj"/>遭受严重的<xsl:value-of select="$loss"/>，或一般的<xsl:value-of select="$obj"/>遭受特别严重的<xsl:value-of select="$loss"/>；或产生较大的社会影响。</cell></row>
      <row><cell>一般事件（Ⅳ级）</cell><cell>特别重要的<xsl:value-of select="$obj"/>遭受较小的<xsl:value-of select="$loss"/>，或重要的<xsl:value-of select="$obj"/>遭受较大的<xsl:value-of select="$loss"/>，或一般的<xsl:value-of select="$obj"/>遭受严重或以下的<xsl:value-of select="$loss"/>；或产生一般的社会影响。</cell></row>
    </table>
  </xsl:template>

  <!-- 四、监测与预警 -->
  <xsl:template name="warning">
    <h level="1">监测与预警</h>
    <h level="2">监测</h>
    <p><xsl:value-of select="/unit/security-dept"/>负责对本单位信息系统的运行状态、安全设备告警和日志进行监测，发现异常及时研判；接到公安机关、主管部门和服务商的预警信息后立即组织核查。</p>
    <h level="2">预警分级</h>
    <p>预警级别与事件级别对应，由高到低用红色、橙色、黄色和蓝色表示（见<ref to="colours"/>）。</p>
    <table cols="2,3,9" valign="top" header-rows="1" caption="预警级别" id="colours">
      <row><cell head="yes">预警颜色</cell><cell head="yes">对应事件级别</cell><cell head="yes">发布和响应</cell></row>
      <row><cell>红色</cell><cell>Ⅰ级</cell><cell>由应急领导小组组长发布，立即启动Ⅰ级响应，同时报告公安机关和主管部门</cell></row>
      <row><cell>橙色</cell><cell>Ⅱ级</cell><cell>由应急领导小组组长发布，启动Ⅱ级响应，报告公安机关和主管部门</cell></row>
      <row><cell>黄色</cell><cell>Ⅲ级</cell><cell>由应急领导小组副组长发布，启动Ⅲ级响应</cell></row>
      <row><cell>蓝色</cell><cell>Ⅳ级</cell><cell>由应急办公室发布，启动Ⅳ级响应</cell></row>
    </table>
  </xsl:template>

  <!-- 五、应急处置 -->
  <xsl:template name="handling">
    <h level="1">应急处置</h>
    <h level="2">先期处置</h>
    <p>事件发生后，发现人员立即报告应急办公室；技术处置组采取断开网络连接、隔离受影响设备、保留日志和现场等措施，防止事态扩大，并初步判定事件类别和级别。</p>
    <h level="2">事件报告</h>
    <p>事件报告按<ref to="reporting"/>规定的对象和时限进行，报告内容包括事件发生时间、影响的系统、事件类别和级别、已采取的措施。外部报告联系方式见<ref to="contacts"/>。</p>
    <table cols="3,7,4" valign="top" header-rows="1" caption="事件报告对象和时限" id="reporting">
      <row><cell head="yes">事件级别</cell><cell head="yes">报告对象</cell><cell head="yes">时限</cell></row>
      <row><cell>Ⅰ级、Ⅱ级</cell><cell>应急领导小组组长；公安机关网络安全保卫部门；主管部门</cell><cell>发现后立即电话报告，1小时内书面报告</cell></row>
      <row><cell>Ⅲ级</cell><cell>应急领导小组副组长；公安机关网络安全保卫部门</cell><cell>发现后2小时内报告</cell></row>
      <row><cell>Ⅳ级</cell><cell>应急办公室；安全责任部门负责人</cell><cell>发现后24小时内报告</cell></row>
    </table>
    <h level="2">分级响应</h>
    <p><span role="h2">Ⅰ级、Ⅱ级响应：</span>应急领导小组组长<xsl:value-of select="($systems/response/roles/role[@code = 'leader'])[1]/person"/>主持，领导小组全体成员到岗，组织技术处置组、后勤保障组开展处置，必要时请求公安机关和上级单位支援，每2小时报告一次处置进展。</p>
    <p><span role="h2">Ⅲ级响应：</span>应急领导小组副组长<xsl:value-of select="($systems/response/roles/role[@code = 'deputy'])[1]/person"/>主持，应急办公室和技术处置组开展处置，每日报告处置进展。</p>
    <p><span role="h2">Ⅳ级响应：</span>应急办公室<xsl:value-of select="($systems/response/roles/role[@code = 'office'])[1]/person"/>组织技术处置组处置，处置结果报安全责任部门负责人。</p>
    <h level="2">应急结束</h>
    <p>事件得到控制、系统恢复正常运行、危害消除后，由启动响应的负责人宣布应急结束，并向原报告对象报告。</p>
  </xsl:template>

  <!-- 六、后期处置 -->
  <xsl:template name="recovery">
    <h level="1">后期处置</h>
    <h level="2">系统恢复</h>
    <p>按各系统的备份与恢复安排恢复业务，恢复后经验证确认数据完整、系统运行正常，方可重新投入使用。</p>
    <xsl:for-each select="$systems[response/backup]">
      <p><span role="h2"><xsl:value-of select="name"/>：</span><xsl:value-of select="normalize-space(response/backup/p[1])"/></p>
      <xsl:for-each select="response/backup/p[position() &gt; 1][normalize-space()]">
        <p><xsl:value-of select="normalize-space(.)"/></p>
      </xsl:for-each>
    </xsl:for-each>
    <h level="2">调查与评估</h>
    <p>应急结束后，应急办公室组织调查事件原因、影响范围和损失，总结经验教训，10个工作日内形成事件调查报告，提出整改措施并修订本预案。</p>
  </xsl:template>

  <!-- 七、保障措施 -->
  <xsl:template name="assurance">
    <h level="1">保障措施</h>
    <xsl:choose>
      <xsl:when test="$systems/response/resources">
        <xsl:for-each select="$systems/response/resources">
          <xsl:call-template name="paras"><xsl:with-param name="of" select="."/></xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <p>本单位为应急工作提供必要的经费、技术、人员和物资保障。</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 八、培训和演练: cadence by the highest level -->
  <xsl:template name="drills">
    <h level="1">培训和演练</h>
    <xsl:choose>
      <xsl:when test="$max-level &gt;= 3">
        <xsl:variable name="high" select="$systems[(computed/@level | grading/level)[1] &gt;= 3]"/>
        <p>本单位<xsl:for-each select="$high"><xsl:if test="position() &gt; 1">、</xsl:if><xsl:value-of select="name"/></xsl:for-each>的安全保护等级为<xsl:choose><xsl:when test="$max-level = 3">第三级</xsl:when><xsl:otherwise>第三级及以上</xsl:otherwise></xsl:choose>，按其要求，每半年至少组织一次应急预案培训，每年至少组织一次应急演练（其中至少一次为实战演练），演练后评估预案的有效性并修订完善，并定期对原有应急预案重新评估。</p>
      </xsl:when>
      <xsl:otherwise>
        <p>每年至少组织一次应急预案培训和一次应急演练（可采用桌面推演方式），演练后总结改进。</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 九、附则 -->
  <xsl:template name="closing">
    <h level="1">附则</h>
    <p>本预案由<xsl:value-of select="/unit/security-dept"/>负责解释和修订，系统发生重大变更或组织机构调整时及时修订。本预案自印发之日起施行。</p>
    <!-- GB/T 9704 7.3.5: the attachment note one line below the text, then the unit and the
         date of issue, which the data does not hold: written in by hand -->
    <vspace lines="1"/>
    <p keep-with-next="yes">附件：应急联系方式</p>
    <xsl:call-template name="signature"/>
  </xsl:template>

  <!-- 附件：外部联系方式 -->
  <xsl:template name="contacts-annex">
    <pagebreak/> <!-- GB/T 9704 7.5: an attachment starts a new page -->
    <p style="h1" indent="0">附件：应急联系方式</p>
    <table cols="1.2,7,3,4" valign="top" header-rows="1" caption="外部应急联系方式" id="contacts">
      <row><cell head="yes">序号</cell><cell head="yes">单位</cell><cell head="yes">联系人</cell><cell head="yes">电话</cell></row>
      <xsl:for-each select="$contacts">
        <row>
          <cell align="center"><xsl:value-of select="position()"/></cell>
          <cell><xsl:value-of select="org"/></cell>
          <cell><xsl:value-of select="name"/></cell>
          <cell><xsl:value-of select="phone"/></cell>
        </row>
      </xsl:for-each>
      <row>
        <cell align="center"><xsl:value-of select="count($contacts) + 1"/></cell>
        <cell><xsl:value-of select="/unit/name"/><xsl:value-of select="/unit/security-dept"/></cell>
        <cell><xsl:value-of select="/unit/security-contact/name"/></cell>
        <cell><xsl:value-of select="/unit/security-contact/office-phone"/></cell>
      </row>
    </table>
  </xsl:template>
</xsl:stylesheet>
