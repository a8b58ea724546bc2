<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>BlueCarbon</name>
        <message>
            <location filename="../plugin.py" line="20" />
            <source>Patch fragmentation metrics…</source>
            <translation>斑块破碎化指数…</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="22" />
            <source>Fragmentation surfaces (moving window)…</source>
            <translation>破碎化表面（移动窗口）…</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="24" />
            <source>Carbon sink capacity…</source>
            <translation>碳汇能力…</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="26" />
            <source>Carbon change between dates…</source>
            <translation>两期之间的碳变化…</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="28" />
            <source>Carbon sequestration service flows…</source>
            <translation>固碳服务流…</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="30" />
            <source>Morphological spatial pattern (MSPA)…</source>
            <translation>形态学空间格局分析（MSPA）…</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="32" />
            <source>Habitat connectivity (IIC, PC, dPC, corridors)…</source>
            <translation>生境连通性（IIC、PC、dPC、廊道）…</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="34" />
            <source>Restoration site priority…</source>
            <translation>恢复地块优先级…</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="65" />
            <location filename="../plugin.py" line="135" />
            <location filename="../plugin.py" line="144" />
            <location filename="../plugin.py" line="171" />
            <location filename="../dependencies.py" line="182" />
            <location filename="../dependencies.py" line="202" />
            <location filename="../processing/provider.py" line="21" />
            <source>Blue Carbon</source>
            <translation>蓝碳</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="87" />
            <source>Assess a coastal landscape…</source>
            <translation>评估滨海景观…</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="89" />
            <source>Blue Carbon: assess a coastal landscape (fragmentation, sink, change, flows, report)</source>
            <translation>蓝碳：评估滨海景观（破碎化、碳汇、变化、服务流、报告）</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="91" />
            <source>Open assessment results…</source>
            <translation>打开评估结果…</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="157" />
            <location filename="../ui/dashboard.py" line="228" />
            <location filename="../ui/dashboard.py" line="389" />
            <source>Open the output folder of an assessment</source>
            <translation>打开评估的输出文件夹</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="135" />
            <source>This algorithm is not available.</source>
            <translation>此算法不可用。</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="144" />
            <source>The assessment algorithm is not available.</source>
            <translation>评估算法不可用。</translation>
        </message>
        <message>
            <location filename="../plugin.py" line="77" />
            <source>Blue Carbon: {tool}</source>
            <translation>蓝碳：{tool}</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="50" />
            <source>arrays for every computation</source>
            <translation>所有计算所用的数组</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="52" />
            <source>patch labelling, distances, moving windows and flow networks</source>
            <translation>斑块标记、距离、移动窗口和流动网络</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="54" />
            <source>reading and writing rasters in strips</source>
            <translation>按条带读写栅格</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="56" />
            <source>patch polygons and areas of interest</source>
            <translation>斑块多边形和研究区</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="58" />
            <source>true cell areas on geographic rasters and CRS checks</source>
            <translation>地理坐标栅格的真实像元面积和 CRS 检查</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="60" />
            <source>charts in the report and the results dashboard</source>
            <translation>报告和结果面板中的图表</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="131" />
            <source>Install them in one of three ways, then restart QGIS:</source>
            <translation>可用以下三种方式之一安装，然后重启 QGIS：</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="133" />
            <source>1. Windows (OSGeo4W or the standalone QGIS installer): open the OSGeo4W Shell from the Start menu (as administrator) and run:</source>
            <translation>1. Windows（OSGeo4W 或 QGIS 独立安装程序）：从开始菜单（以管理员身份）打开 OSGeo4W Shell，运行：</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="139" />
            <source>2. pip into the Python of QGIS, from a command line:</source>
            <translation>2. 用 pip 安装到 QGIS 自带的 Python 中，在命令行运行：</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="141" />
            <source>   or from the QGIS Python console (Plugins ▸ Python Console):</source>
            <translation>   或在 QGIS 的 Python 控制台（插件 ▸ Python 控制台）中运行：</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="146" />
            <source>3. The QPIP plugin (Plugins ▸ Manage and Install Plugins ▸ QPIP) reads this plugin's requirements.txt and offers to install what is missing.</source>
            <translation>3. QPIP 插件（插件 ▸ 管理并安装插件 ▸ QPIP）会读取本插件的 requirements.txt，并提示安装缺少的库。</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="115" />
            <source>Blue Carbon Landscape needs the Python libraries {libraries}, which this QGIS cannot import; its tools are not available until they are installed.</source>
            <translation>蓝碳景观需要 Python 库 {libraries}，但当前 QGIS 无法导入它们；安装之前，本插件的工具不可用。</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="184" />
            <source>Missing Python libraries…</source>
            <translation>缺少的 Python 库…</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="203" />
            <source>Details</source>
            <translation>详细信息</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="136" />
            <source>   or run the OSGeo4W installer (Advanced Install) and select the packages {packages}.</source>
            <translation>   或运行 OSGeo4W 安装程序（高级安装），选择软件包 {packages}。</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="143" />
            <source>   On Debian or Ubuntu install the system packages instead: {command}</source>
            <translation>   在 Debian 或 Ubuntu 上请改为安装系统软件包：{command}</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="213" />
            <source>Blue Carbon: missing Python libraries</source>
            <translation>蓝碳：缺少 Python 库</translation>
        </message>
        <message>
            <location filename="../dependencies.py" line="127" />
            <source>- {library}: {purpose}. Python says: {error}</source>
            <translation>- {library}：{purpose}。Python 报错：{error}</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="168" />
            <source>Assessment</source>
            <translation>评估</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="171" />
            <source>&lt;p&gt;Runs the whole Blue Carbon chain on one classified land-cover map and writes every result, and an HTML
report, into one folder:&lt;/p&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;Fragmentation&lt;/b&gt; (bluecarbon:patchfragmentation): patches of the blue-carbon classes with FRAGSTATS
metrics, class and landscape tables;&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Sink capacity&lt;/b&gt; (bluecarbon:sinkcapacity): stocks and annual sequestration per ecosystem and patch,
edge effect, Monte Carlo 90 % intervals, value at the given price;&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Change&lt;/b&gt; (bluecarbon:carbonchange, with a second-date map and the two years): accumulation,
conversion emissions, net sequestration and NPV (InVEST Coastal Blue Carbon equations); fragmentation and
sink are also computed for the second date;&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Service flow&lt;/b&gt; (bluecarbon:carbonserviceflow, with a demand layer or raster): supply per patch,
gravity flows to the demand units, balance and network indices;&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Restoration sites&lt;/b&gt; (bluecarbon:restorationpriority, when switched on): candidate sites of the
restorable classes on the latest map, ranked by their sequestration, connectivity (and, with demand, flow)
gains, and the greedy portfolio within the budget (ha);&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Report&lt;/b&gt;: report.html with inputs, parameters and their sources, tables, charts, maps rendered by
QGIS, uncertainty ranges and a methods section; it prints to PDF from a browser. By default (SINGLE_FILE) the
charts and maps are embedded in the page, so report.html alone is the whole report; the PNG files are also
kept in report_files/.&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;An area of interest clips and masks the map first (nodata outside; the input files are not changed).
Files have fixed names (patches.gpkg, class_metrics.csv, sink_capacity.csv, change_periods.csv,
flow_links.gpkg, report.html, …); second-date fragmentation and sink files end in _&amp;lt;year&amp;gt;. Everything is
written to a staging folder and moved into OUTPUT_FOLDER at the end: an error or a cancellation leaves no
file behind. Parameter presets are merged in order (later ones win), then your own table.&lt;/p&gt;</source>
            <translation>&lt;p&gt;在一幅土地覆被分类图上运行完整的蓝碳分析流程，并将所有结果及一份 HTML
报告写入同一个文件夹：&lt;/p&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;破碎化&lt;/b&gt;（bluecarbon:patchfragmentation）：蓝碳类别的斑块及其 FRAGSTATS
指数、类别指数表和景观指数表；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;碳汇能力&lt;/b&gt;（bluecarbon:sinkcapacity）：各生态系统和各斑块的碳储量与年固碳量、
边缘效应、蒙特卡洛 90% 区间，以及按给定价格计算的价值；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;碳变化&lt;/b&gt;（bluecarbon:carbonchange，需提供第二期地图和两个年份）：累积量、
转换排放量、净固碳量和净现值（NPV）（InVEST Coastal Blue Carbon 方程）；第二期也会计算
破碎化和碳汇；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;服务流&lt;/b&gt;（bluecarbon:carbonserviceflow，需提供需求图层或需求栅格）：各斑块的供给、
到需求单元的引力模型流量、供需平衡和网络指数；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;恢复地块&lt;/b&gt;（bluecarbon:restorationpriority，开启时）：在最新一期地图的可恢复类别上
生成候选地块，按固碳、连通性（以及提供需求时的服务流）增益排序，并在预算（ha）内给出贪心恢复组合；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;报告&lt;/b&gt;：report.html，包含输入数据、参数及其来源、表格、图表、由
QGIS 渲染的地图、不确定性范围和方法说明；可在浏览器中打印为 PDF。默认（SINGLE_FILE）图表和地图嵌入页面，
仅 report.html 一个文件即为完整报告；PNG 文件也保留在 report_files/ 中。&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;如提供研究区，将先按其裁剪和掩膜地图（范围外为无数据；输入文件不会被修改）。
输出文件名固定（patches.gpkg、class_metrics.csv、sink_capacity.csv、change_periods.csv、
flow_links.gpkg、report.html 等）；第二期的破碎化和碳汇文件以 _&amp;lt;年份&amp;gt; 结尾。所有文件先写入
临时暂存文件夹，最后再移动到 OUTPUT_FOLDER：出错或取消时不会留下任何
文件。参数预设按顺序合并（靠后的优先），然后再合并您自己的参数表。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="203" />
            <source>Blue carbon assessment (all steps and report)</source>
            <translation>蓝碳评估（全部步骤及报告）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="234" />
            <source>Edge depth (m; core area and edge band; 0 = no edge effect)</source>
            <translation>边缘深度（m；用于核心面积和边缘带；0 = 无边缘效应）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="337" />
            <location filename="../processing/algorithms/blue_assessment.py" line="246" />
            <location filename="../ui/wizard.py" line="517" />
            <location filename="../ui/wizard.py" line="709" />
            <location filename="../core/report/assessment.py" line="827" />
            <source>Blue carbon assessment</source>
            <translation>蓝碳评估</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="425" />
            <source>Inputs ready</source>
            <translation>输入已就绪</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="500" />
            <source>Writing the report</source>
            <translation>正在写入报告</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="551" />
            <source>area of interest</source>
            <translation>研究区</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="213" />
            <source>Area of interest (polygons; the map is clipped and masked to it)</source>
            <translation>研究区（面图层；地图将按其裁剪和掩膜）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="219" />
            <source>Second-date land-cover raster (same grid; enables the change step)</source>
            <translation>第二期土地覆被栅格（同一格网；启用变化分析步骤）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="222" />
            <source>Year of the land-cover raster (needed with a second date)</source>
            <translation>土地覆被栅格的年份（有第二期时必填）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="224" />
            <source>Year of the second-date raster</source>
            <translation>第二期栅格的年份</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="238" />
            <source>Restoration step: rank candidate restoration sites and pick a portfolio</source>
            <translation>恢复步骤：对候选恢复地块排序并选出恢复组合</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="240" />
            <source>Restorable classes for the restoration step (ecosystems, class codes or raster values; empty = tidal flats, aquaculture ponds, salt pans, bare intertidal)</source>
            <translation>恢复步骤的可恢复类别（生态系统、类别代码或栅格值；留空 = 潮滩、养殖塘、盐田、裸露潮间带）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="244" />
            <source>Restoration budget (ha)</source>
            <translation>恢复预算（ha）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="246" />
            <source>Report title</source>
            <translation>报告标题</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="250" />
            <location filename="../processing/algorithms/invest_tables.py" line="65" />
            <source>Output folder</source>
            <translation>输出文件夹</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="251" />
            <source>Assessment report</source>
            <translation>评估报告</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="253" />
            <location filename="../processing/algorithms/sink_capacity.py" line="103" />
            <source>Annual sequestration (t CO₂e/yr)</source>
            <translation>年固碳量（t CO₂e/年）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="254" />
            <location filename="../processing/algorithms/sink_capacity.py" line="104" />
            <source>Total carbon stock (t C)</source>
            <translation>总碳储量（t C）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="255" />
            <source>Number of blue-carbon patches</source>
            <translation>蓝碳斑块数量</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="256" />
            <source>Blue-carbon area (ha)</source>
            <translation>蓝碳面积（ha）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="257" />
            <source>Net change of the stock between the dates (t CO₂e)</source>
            <translation>两期之间碳储量的净变化（t CO₂e）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="258" />
            <source>Net present value of the net sequestration</source>
            <translation>净固碳量的净现值</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="259" />
            <source>Flow attributed to demand units (t C/yr)</source>
            <translation>归属于需求单元的流量（t C/年）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="260" />
            <location filename="../processing/algorithms/carbon_service_flow.py" line="227" />
            <location filename="../core/report/assessment.py" line="57" />
            <location filename="../core/report/assessment.py" line="228" />
            <location filename="../core/report/sensitivity_chart.py" line="30" />
            <source>Share of demand met</source>
            <translation>需求满足比例</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="263" />
            <source>Steps run</source>
            <translation>已运行的步骤</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="297" />
            <source>The assessment needs a legend that says which classes are mangrove, salt marsh or seagrass. Fix: choose a legend preset (e.g. esa_worldcover) or your own legend CSV.</source>
            <translation>评估需要一个图例来指明哪些类别是红树林、盐沼或海草床。解决办法：选择一个图例预设（例如 esa_worldcover）或您自己的图例 CSV。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="344" />
            <source>No output folder was given. Fix: choose a folder for the results.</source>
            <translation>未指定输出文件夹。解决办法：为结果选择一个文件夹。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="351" />
            <location filename="../processing/algorithms/carbon_change.py" line="311" />
            <source>INVEST_BIOPHYSICAL and PARAMETERS_FILE both give the parameter table. Fix: give only one of them (or convert the InVEST tables with bluecarbon:investtables and edit the result).</source>
            <translation>INVEST_BIOPHYSICAL 和 PARAMETERS_FILE 都给出了参数表。解决办法：只提供其中之一（或用 bluecarbon:investtables 转换 InVEST 表格后编辑结果）。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="363" />
            <location filename="../processing/algorithms/carbon_change.py" line="329" />
            <source>Its stocks and rates are in t CO₂e (InVEST's Mg CO₂e): converted to t C with × 12/44.</source>
            <translation>其碳储量和速率以 t CO₂e（InVEST 的 Mg CO₂e）为单位：已按 × 12/44 换算为 t C。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="415" />
            <source>The flow step was skipped: the algorithm bluecarbon:carbonserviceflow is not installed.</source>
            <translation>已跳过服务流步骤：未安装 bluecarbon:carbonserviceflow 算法。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="455" />
            <source>Carbon change</source>
            <translation>碳变化</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="478" />
            <source>Service flow</source>
            <translation>服务流</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="494" />
            <location filename="../processing/report_maps.py" line="521" />
            <location filename="../core/report/assessment.py" line="661" />
            <source>Restoration sites</source>
            <translation>恢复地块</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="533" />
            <source>The area of interest could not be loaded. Fix: choose a polygon layer.</source>
            <translation>无法加载研究区。解决办法：选择一个面图层。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="549" />
            <source>The area of interest has no polygon. Fix: Give a layer with at least one polygon.</source>
            <translation>研究区中没有任何面要素。解决办法：提供至少包含一个面要素的图层。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="227" />
            <source>Analysis year of the change step (empty = the second date's year)</source>
            <translation>变化分析步骤的分析年份（留空 = 第二期的年份）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="249" />
            <source>Single-file report (charts and maps embedded in report.html)</source>
            <translation>单文件报告（图表和地图嵌入 report.html）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="284" />
            <source>Assessment written to {0} ({1} files; open report.html).</source>
            <translation>评估结果已写入 {0}（{1} 个文件；请打开 report.html）。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="303" />
            <location filename="../processing/demand.py" line="37" />
            <source>The second-date raster could not be loaded. Fix: choose a raster file (GeoTIFF).</source>
            <translation>无法加载第二期栅格。解决办法：选择一个栅格文件（GeoTIFF）。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="320" />
            <source>INVEST_TRANSITIONS names InVEST's classes, which come from its biophysical table. Fix: give INVEST_BIOPHYSICAL too, or the transitions in the plugin's layout to bluecarbon:carbonchange.</source>
            <translation>INVEST_TRANSITIONS 使用 InVEST 的类别名称，这些类别来自其生物物理表。解决办法：同时提供 INVEST_BIOPHYSICAL，或把插件格式的转换表交给 bluecarbon:carbonchange。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="359" />
            <source>InVEST biophysical table {0}: its classes (lucode) and parameters replace the parameter presets and the own parameter table; their ecosystems come from the legend {1}.</source>
            <translation>InVEST 生物物理表 {0}：其类别（lucode）和参数替代参数预设和自定义参数表；这些类别的生态系统取自图例 {1}。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="439" />
            <location filename="../core/report/assessment.py" line="402" />
            <location filename="../core/report/methods.py" line="64" />
            <source>Fragmentation</source>
            <translation>破碎化</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="444" />
            <source>Sink capacity</source>
            <translation>碳汇能力</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="516" />
            <source>— {0} (bluecarbon:{1})</source>
            <translation>— {0}（bluecarbon:{1}）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="554" />
            <source>{name} ({count} polygons)</source>
            <translation>{name}（{count} 个面要素）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="384" />
            <source>Area of interest: {0}; the map is clipped and masked to it.</source>
            <translation>研究区：{0}；地图已按其裁剪和掩膜。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="553" />
            <source>{name} (1 polygon)</source>
            <translation>{name}（1 个面要素）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="276" />
            <source>Replacing {0} files of an earlier run in {1}.</source>
            <translation>正在替换 {1} 中先前运行生成的 {0} 个文件。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="439" />
            <source>Fragmentation ({year})</source>
            <translation>破碎化（{year}）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="444" />
            <source>Sink capacity ({year})</source>
            <translation>碳汇能力（{year}）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="466" />
            <source>The change step ends in {year}, the year of the second map: the conversions between the maps take effect in {year} and show in no period yet. Give an analysis year after {year} (ANALYSIS_YEAR) to follow their emissions and accumulation.</source>
            <translation>变化分析步骤在 {year} 年（第二期地图的年份）结束：两期地图之间的转换在 {year} 年才生效，因此尚未体现在任何时段中。请设置晚于 {year} 年的分析年份（ANALYSIS_YEAR），以跟踪这些转换带来的排放和累积。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/blue_assessment.py" line="524" />
            <source>{0} step: {1}</source>
            <translation>{0}步骤：{1}</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="69" />
            <location filename="../processing/algorithms/invest_tables.py" line="35" />
            <location filename="../processing/algorithms/sink_capacity.py" line="39" />
            <source>Carbon sink</source>
            <translation>碳汇</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="72" />
            <source>&lt;p&gt;Carbon change between two or more dated land-cover snapshots (same grid and CRS, one legend), with the
bookkeeping of InVEST Coastal Blue Carbon, so that the same tables give the same numbers. Years are calendar
years; S&lt;sub&gt;p,t&lt;/sub&gt; is the stock of pool p (biomass = above- + belowground, soil, litter; t C/ha) at the
start of year t.&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;Baseline: S&lt;sub&gt;p,y0&lt;/sub&gt; = the baseline class's stocks; until the first change every pool accumulates at
the baseline class's rate.&lt;/li&gt;
&lt;li&gt;A change a → b at snapshot year s takes effect on 1 January of s with the carbon action of the transition
table (InVEST's layout; the default is derived from the legend and written out for editing):
&lt;b&gt;accum&lt;/b&gt; — biomass and soil accumulate at b's rates A&lt;sub&gt;p&lt;/sub&gt;; &lt;b&gt;low/med/high-impact-disturb&lt;/b&gt; —
D&lt;sub&gt;p,s&lt;/sub&gt; = S&lt;sub&gt;p,s&lt;/sub&gt; · M&lt;sub&gt;p&lt;/sub&gt;, M the disturbance fraction of the source class a, is emitted as
E&lt;sub&gt;p,t&lt;/sub&gt; = D&lt;sub&gt;p,s&lt;/sub&gt; (0.5&lt;sup&gt;(t−s)/H&lt;sub&gt;p&lt;/sub&gt;&lt;/sup&gt; − 0.5&lt;sup&gt;(t−s+1)/H&lt;sub&gt;p&lt;/sub&gt;&lt;/sup&gt;) in
each year t ≥ s, H&lt;sub&gt;p&lt;/sub&gt; the half-life of a's pool (share emitted after n years: 1 − 0.5&lt;sup&gt;n/H&lt;/sup&gt;);
&lt;b&gt;NCC&lt;/b&gt; — no new action (an emission already running continues).&lt;/li&gt;
&lt;li&gt;Litter is never emitted; it accumulates at the rate of the cell's current class.&lt;/li&gt;
&lt;li&gt;S&lt;sub&gt;p,t+1&lt;/sub&gt; = S&lt;sub&gt;p,t&lt;/sub&gt; + A&lt;sub&gt;p,t&lt;/sub&gt; − E&lt;sub&gt;p,t&lt;/sub&gt;; net sequestration of a period =
accumulation − emissions over every pool = the change of the total stock. t CO₂e = t C × 44/12.&lt;/li&gt;
&lt;li&gt;Value: V = Σ&lt;sub&gt;t=1..T&lt;/sub&gt; p&lt;sub&gt;t&lt;/sub&gt; (S&lt;sub&gt;t&lt;/sub&gt; − S&lt;sub&gt;t−1&lt;/sub&gt;) / (1 + d)&lt;sup&gt;t&lt;/sup&gt;, t in years
since the baseline, p&lt;sub&gt;t&lt;/sub&gt; = price · (1 + g)&lt;sup&gt;t&lt;/sup&gt; per t CO₂e or the price table's price of that year,
d the discount rate. Prices and values are in the CURRENCY given (default USD; a label, values are not
converted); change_periods.csv names it in its currency column beside npv_currency.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Periods run from each snapshot to the next and, with an analysis year after the last snapshot, on to it: a
change shows its effects only in the periods after its snapshot, so give an analysis year to follow the last
change. Totals use true cell areas (geodesic on a geographic CRS); rasters are per hectare. Uncertainty (draws
&amp;gt; 0): every parameter drawn from its range; totals get mean and 90 % interval.&lt;/p&gt;
&lt;p&gt;Where InVEST 3.20.2's code departs from its user's guide this tool follows the guide: net sequestration
includes litter accumulation after the baseline period; NPV values each year's net sequestration (the code
multiplies each period total by the sum of discounted prices); total stocks include the litter stock (the
code adds the litter accumulation rate); a change to &lt;i&gt;accum&lt;/i&gt; stops an earlier emission; emissions keep
the half-life of the disturbed class.&lt;/p&gt;
&lt;p&gt;Sources: InVEST User's Guide, Coastal Blue Carbon (Natural Capital Project); Houghton (2003) bookkeeping model;
Murray et al. (2011) and Donato et al. (2011) for disturbance fractions and half-lives; IPCC (2014) 2013 Wetlands
Supplement, chapter 4, for Tier 1 stocks and rates.&lt;/p&gt;
&lt;p&gt;InVEST's own tables can be given as they are: INVEST_BIOPHYSICAL (the biophysical table per lucode, which
replaces the legend and parameter tables), INVEST_TRANSITIONS (the landcover transitions table),
INVEST_SNAPSHOTS (snapshot_year,raster_path, which replaces SNAPSHOTS and YEARS; each year keeps its own
raster) and INVEST_PRICES (year,price). INVEST_UNITS says the units of the biophysical table: InVEST's
Mg CO₂e (= t CO₂e) are converted to t C with × 12/44; t C are taken as they are. A half-life of 0 means no
emission from that pool, as in InVEST. bluecarbon:investtables converts the same tables into the plugin's
own, to edit them.&lt;/p&gt;</source>
            <translation>&lt;p&gt;计算两期或多期带日期的土地覆被快照（同一格网和 CRS，同一图例）之间的碳变化，采用
InVEST Coastal Blue Carbon 的簿记方法，因此相同的表格得出相同的数值。年份为日历
年；S&lt;sub&gt;p,t&lt;/sub&gt; 为碳库 p（生物量 = 地上 + 地下生物量、土壤、凋落物；t C/ha）在
第 t 年年初的碳储量。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;基准：S&lt;sub&gt;p,y0&lt;/sub&gt; = 基准类别的碳储量；在第一次变化之前，每个碳库都以
基准类别的速率累积。&lt;/li&gt;
&lt;li&gt;在快照年份 s 发生的变化 a → b 于 s 年 1 月 1 日生效，其碳行为由转换
表给出（InVEST 格式；默认表根据图例生成，并写出供编辑）：
&lt;b&gt;accum&lt;/b&gt; — 生物量和土壤以 b 的速率 A&lt;sub&gt;p&lt;/sub&gt; 累积；&lt;b&gt;low/med/high-impact-disturb&lt;/b&gt; —
D&lt;sub&gt;p,s&lt;/sub&gt; = S&lt;sub&gt;p,s&lt;/sub&gt; · M&lt;sub&gt;p&lt;/sub&gt;（M 为源类别 a 的扰动比例）按
E&lt;sub&gt;p,t&lt;/sub&gt; = D&lt;sub&gt;p,s&lt;/sub&gt; (0.5&lt;sup&gt;(t−s)/H&lt;sub&gt;p&lt;/sub&gt;&lt;/sup&gt; − 0.5&lt;sup&gt;(t−s+1)/H&lt;sub&gt;p&lt;/sub&gt;&lt;/sup&gt;) 在
每个 t ≥ s 的年份排放，H&lt;sub&gt;p&lt;/sub&gt; 为 a 的该碳库的半衰期（n 年后已排放的比例：1 − 0.5&lt;sup&gt;n/H&lt;/sup&gt;）；
&lt;b&gt;NCC&lt;/b&gt; — 无新的碳行为（已在进行的排放继续）。&lt;/li&gt;
&lt;li&gt;凋落物从不排放；它以该像元当前类别的速率累积。&lt;/li&gt;
&lt;li&gt;S&lt;sub&gt;p,t+1&lt;/sub&gt; = S&lt;sub&gt;p,t&lt;/sub&gt; + A&lt;sub&gt;p,t&lt;/sub&gt; − E&lt;sub&gt;p,t&lt;/sub&gt;；某时段的净固碳量 =
所有碳库的累积量 − 排放量 = 总碳储量的变化。t CO₂e = t C × 44/12。&lt;/li&gt;
&lt;li&gt;价值：V = Σ&lt;sub&gt;t=1..T&lt;/sub&gt; p&lt;sub&gt;t&lt;/sub&gt; (S&lt;sub&gt;t&lt;/sub&gt; − S&lt;sub&gt;t−1&lt;/sub&gt;) / (1 + d)&lt;sup&gt;t&lt;/sup&gt;，t 为自基准年起的
年数，p&lt;sub&gt;t&lt;/sub&gt; = 价格 · (1 + g)&lt;sup&gt;t&lt;/sup&gt;（每 t CO₂e）或价格表中该年的价格，
d 为贴现率。价格和价值以给定的 CURRENCY 表示（默认 USD；仅为标签，数值不做
换算）；change_periods.csv 在 npv_currency 旁的 currency 列中注明货币。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;时段从每期快照延续到下一期；如分析年份晚于最后一期快照，则最后一个时段延续到分析年份：
变化只在其快照之后的时段中显现效果，因此请设置分析年份以跟踪最后一次
变化。总量使用真实像元面积（地理 CRS 下为测地线面积）；栅格为每公顷数值。不确定性（抽样次数
&amp;gt; 0）：每个参数在其范围内抽样；总量给出平均值和 90% 区间。&lt;/p&gt;
&lt;p&gt;凡 InVEST 3.20.2 的代码与其用户指南不一致之处，本工具均遵循用户指南：净固碳量
包括基准时段之后的凋落物累积；NPV 对每年的净固碳量进行价值评估（该代码
将每个时段的总量乘以贴现价格之和）；总碳储量包括凋落物碳储量（该
代码加上的是凋落物累积速率）；变化为 &lt;i&gt;accum&lt;/i&gt; 时会停止先前的排放；排放保持
受扰动类别的半衰期。&lt;/p&gt;
&lt;p&gt;来源：InVEST User's Guide, Coastal Blue Carbon (Natural Capital Project)；Houghton (2003) 簿记模型；
Murray et al. (2011) 和 Donato et al. (2011)（扰动比例和半衰期）；IPCC (2014) 2013 Wetlands
Supplement 第 4 章（Tier 1 碳储量和速率）。&lt;/p&gt;
&lt;p&gt;也可以直接给出 InVEST 自己的表：INVEST_BIOPHYSICAL（按 lucode 的生物物理表，取代图例和参数表）、
INVEST_TRANSITIONS（土地覆盖转换表）、INVEST_SNAPSHOTS（snapshot_year,raster_path，取代 SNAPSHOTS 和
YEARS；每个年份保持其自己的栅格）和 INVEST_PRICES（year,price）。INVEST_UNITS 说明生物物理表的单位：
InVEST 的 Mg CO₂e（= t CO₂e）按 × 12/44 换算为 t C；t C 则按原值使用。半衰期为 0 表示该碳库不排放，
与 InVEST 相同。bluecarbon:investtables 可把这些表转换为插件自己的表，以便编辑。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="120" />
            <source>Carbon change between dates (accumulation, emissions, value)</source>
            <translation>两期之间的碳变化（累积量、排放量、价值）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="125" />
            <source>Land-cover snapshots, oldest first (same grid and CRS)</source>
            <translation>各期土地覆被快照，最早的在前（同一格网和 CRS）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="130" />
            <source>Years of the snapshots, in the same order (e.g. 2020, 2035)</source>
            <translation>各期快照的年份，顺序相同（例如 2020, 2035）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="135" />
            <source>Band with the class codes in every snapshot (needed for multiband rasters)</source>
            <translation>各期快照中类别代码所在的波段（多波段栅格必填）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="148" />
            <location filename="../processing/parameters.py" line="155" />
            <source>Own legend CSV (value,name,ecosystem[,color]; overrides the preset)</source>
            <translation>自定义图例 CSV（value,name,ecosystem[,color]；覆盖预设）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="155" />
            <source>Transition table (InVEST layout; empty = default derived from the legend)</source>
            <translation>转换表（InVEST 格式；留空 = 根据图例生成的默认表）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="162" />
            <source>Analysis year (empty = the last snapshot year)</source>
            <translation>分析年份（留空 = 最后一期快照的年份）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="169" />
            <source>Accumulation, emissions, net sequestration and NPV per period</source>
            <translation>各时段的累积量、排放量、净固碳量和净现值（NPV）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="169" />
            <location filename="../processing/algorithms/carbon_change.py" line="177" />
            <location filename="../processing/algorithms/carbon_service_flow.py" line="183" />
            <location filename="../processing/algorithms/carbon_service_flow.py" line="192" />
            <location filename="../processing/algorithms/carbon_service_flow.py" line="207" />
            <location filename="../processing/algorithms/carbon_service_flow.py" line="171" />
            <location filename="../processing/algorithms/connectivity.py" line="118" />
            <location filename="../processing/algorithms/connectivity.py" line="120" />
            <location filename="../processing/algorithms/flow_sensitivity.py" line="94" />
            <location filename="../processing/algorithms/mspa.py" line="79" />
            <location filename="../processing/algorithms/patch_fragmentation.py" line="118" />
            <location filename="../processing/algorithms/patch_fragmentation.py" line="122" />
            <location filename="../processing/algorithms/patch_fragmentation.py" line="127" />
            <location filename="../processing/algorithms/restoration_priority.py" line="156" />
            <location filename="../processing/algorithms/sink_capacity.py" line="85" />
            <location filename="../processing/algorithms/sink_capacity.py" line="98" />
            <location filename="../ui/class_mapping.py" line="472" />
            <location filename="../ui/class_mapping.py" line="477" />
            <location filename="../ui/class_mapping.py" line="747" />
            <location filename="../ui/class_mapping.py" line="752" />
            <location filename="../ui/class_mapping.py" line="761" />
            <location filename="../ui/class_mapping.py" line="770" />
            <location filename="../ui/parameter_editor.py" line="564" />
            <location filename="../ui/parameter_editor.py" line="572" />
            <source>CSV files (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="173" />
            <source>Carbon stocks per pool and year</source>
            <translation>各碳库逐年碳储量</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="174" />
            <source>Transition area matrix (ha) per pair of snapshots</source>
            <translation>每两期快照之间的转换面积矩阵（ha）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="175" />
            <source>Transition table used (edit it and give it back as TRANSITIONS)</source>
            <translation>所用的转换表（可编辑后作为 TRANSITIONS 重新输入）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="179" />
            <source>Net sequestration per period and total (t C/ha)</source>
            <translation>各时段及总计的净固碳量（t C/ha）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="180" />
            <source>Accumulation per period and total (t C/ha)</source>
            <translation>各时段及总计的累积量（t C/ha）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="181" />
            <source>Emissions per period and total (t C/ha)</source>
            <translation>各时段及总计的排放量（t C/ha）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="182" />
            <source>Stock gain / loss from the baseline to the analysis year (t C/ha)</source>
            <translation>从基准年到分析年份的碳储量增减（t C/ha）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="186" />
            <source>Accumulation, whole map and period (t CO₂e)</source>
            <translation>累积量，全图及全时段（t CO₂e）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="187" />
            <source>Emissions, whole map and period (t CO₂e)</source>
            <translation>排放量，全图及全时段（t CO₂e）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="188" />
            <source>Net sequestration, whole map and period (t CO₂e)</source>
            <translation>净固碳量，全图及全时段（t CO₂e）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="189" />
            <source>Net present value of the net sequestration (price currency)</source>
            <translation>净固碳量的净现值（价格所用货币）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="192" />
            <source>Periods, in band order of the rasters</source>
            <translation>时段（按栅格波段顺序）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="300" />
            <source>INVEST_SNAPSHOTS and SNAPSHOTS/YEARS both give the snapshots. Fix: give either InVEST's snapshot table or the rasters and their years, not both.</source>
            <translation>INVEST_SNAPSHOTS 和 SNAPSHOTS/YEARS 都给出了快照。解决办法：只提供 InVEST 快照表，或只提供栅格及其年份，不要同时提供。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="336" />
            <source>No snapshot raster was given. Fix: choose two or more land-cover rasters (SNAPSHOTS, with their YEARS) or give InVEST's snapshot table (INVEST_SNAPSHOTS).</source>
            <translation>未提供快照栅格。解决办法：选择两幅或更多土地覆被栅格（SNAPSHOTS 及其 YEARS），或提供 InVEST 快照表（INVEST_SNAPSHOTS）。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="142" />
            <location filename="../processing/parameters.py" line="147" />
            <source>Legend (raster value → ecosystem)</source>
            <translation>图例（栅格值 → 生态系统）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="224" />
            <source>INVEST_TRANSITIONS and TRANSITIONS both give the transition table. Fix: give only one of them.</source>
            <translation>INVEST_TRANSITIONS 和 TRANSITIONS 都给出了转换表。解决办法：只提供其中之一。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="233" />
            <source>INVEST_PRICES and PRICE_TABLE both give the prices. Fix: give only one of them.</source>
            <translation>INVEST_PRICES 和 PRICE_TABLE 都给出了价格。解决办法：只提供其中之一。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="253" />
            <source>Geographic CRS: totals use geodesic cell areas; rasters are per hectare.</source>
            <translation>地理 CRS：总量使用测地线像元面积；栅格值为每公顷数值。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="280" />
            <source>{0}-{1}: accumulation {2:,.1f} t CO₂e, emissions {3:,.1f} t CO₂e, net sequestration {4:,.1f} t CO₂e.</source>
            <translation>{0}–{1}：累积量 {2:,.1f} t CO₂e，排放量 {3:,.1f} t CO₂e，净固碳量 {4:,.1f} t CO₂e。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="304" />
            <source>InVEST snapshot table {0} replaces SNAPSHOTS and YEARS (each year with its own raster, in year order).</source>
            <translation>InVEST 快照表 {0} 替代 SNAPSHOTS 和 YEARS（每个年份对应其自己的栅格，按年份排序）。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="318" />
            <source>InVEST biophysical table {0}: its classes (lucode) and parameters replace the legend preset, the parameter presets and the own parameter table.</source>
            <translation>InVEST 生物物理表 {0}：其类别（lucode）和参数替代图例预设、参数预设和自定义参数表。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="324" />
            <source>No legend and no transition table: the InVEST classes have no ecosystem, so the default transitions (derived from the ecosystems) read every change as NCC (no new accumulation or emission). Give INVEST_TRANSITIONS, or a LEGEND_FILE naming the ecosystem of each lucode.</source>
            <translation>没有图例也没有转换表：InVEST 类别没有生态系统，因此默认转换（由生态系统推导）将每个变化都视为 NCC（不产生新的累积或排放）。请提供 INVEST_TRANSITIONS，或提供指明每个 lucode 生态系统的 LEGEND_FILE。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="228" />
            <source>InVEST transition table {0} replaces the transition table.</source>
            <translation>InVEST 转换表 {0} 替代转换表。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="236" />
            <source>InVEST price table {0} (price per Mg CO₂e = per t CO₂e) replaces PRICE and PRICE_GROWTH.</source>
            <translation>InVEST 价格表 {0}（每 Mg CO₂e 价格 = 每 t CO₂e 价格）替代 PRICE 和 PRICE_GROWTH。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="285" />
            <source>Net present value of the net sequestration: {0:,.2f} {1}.</source>
            <translation>净固碳量的净现值：{0:,.2f} {1}。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="322" />
            <source>Ecosystems of the InVEST classes from the legend {0}.</source>
            <translation>InVEST 类别的生态系统取自图例 {0}。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="359" />
            <source>The file names suggest the years {0}, but YEARS is {1}: check the snapshots are in the order of the years.</source>
            <translation>文件名显示的年份为 {0}，但 YEARS 为 {1}：请检查快照是否按年份顺序排列。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="251" />
            <source>Snapshot {0}: {1}</source>
            <translation>快照 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_change.py" line="343" />
            <source>The snapshot '{0}' is not a GDAL raster file. Fix: save it as a GeoTIFF first.</source>
            <translation>快照“{0}”不是 GDAL 栅格文件。解决办法：先将其另存为 GeoTIFF。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="97" />
            <location filename="../processing/algorithms/flow_sensitivity.py" line="40" />
            <source>Carbon service flow</source>
            <translation>碳服务流</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="100" />
            <source>&lt;p&gt;Where the carbon taken up by each mangrove, salt-marsh or seagrass patch "goes": which demand units
(emitting settlements, industry, ports) each patch serves, how strongly, and how fragmentation breaks the links
(after the coastal study of Acta Geographica Sinica 2024, 79(1): 114-133; SPAN framework of Bagstad et al. 2013).&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Supply&lt;/b&gt; S&lt;sub&gt;i&lt;/sub&gt; (t C/yr) of patch i: annual sequestration from the sink engine (same patches and
ids as bluecarbon:patchfragmentation), effective area = core + f × edge area when an edge band is given, so
supply falls as patches fragment.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Demand&lt;/b&gt; D&lt;sub&gt;j&lt;/sub&gt; (t C/yr) of unit j: a numeric field of a point or polygon layer, or a demand
raster (emissions, or night-time light) summed into the units' polygons, the points' nearest-point regions, or grid
cells of the chosen size; both read in the demand measure: t C/yr, t CO₂/yr (× 12/44) or other × the coefficient.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Flow attributed to the units&lt;/b&gt; (a convention of local offsetting: CO₂ uptake benefits everyone through
the atmosphere; nothing is transported). Allocation (advanced): &lt;i&gt;capped&lt;/i&gt; (default) attributes F&lt;sub&gt;ij&lt;/sub&gt;
in proportion to D&lt;sub&gt;j&lt;/sub&gt; f(d&lt;sub&gt;ij&lt;/sub&gt;) with Σ&lt;sub&gt;j&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt; ≤ S&lt;sub&gt;i&lt;/sub&gt; and
Σ&lt;sub&gt;i&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt; ≤ D&lt;sub&gt;j&lt;/sub&gt;, as much as the reach graph can carry (the LP optimum); &lt;i&gt;accessible
supply&lt;/i&gt; is the first model, F&lt;sub&gt;ij&lt;/sub&gt; = S&lt;sub&gt;i&lt;/sub&gt; D&lt;sub&gt;j&lt;/sub&gt; f(d&lt;sub&gt;ij&lt;/sub&gt;) /
Σ&lt;sub&gt;k&lt;/sub&gt; D&lt;sub&gt;k&lt;/sub&gt; f(d&lt;sub&gt;ik&lt;/sub&gt;) without capacity; &lt;i&gt;aspatial&lt;/i&gt;: every patch serves every unit in
proportion to its demand. Only pairs with d ≤ d&lt;sub&gt;max&lt;/sub&gt; count; f(d) = exp(−d/λ) or
(d + d&lt;sub&gt;0&lt;/sub&gt;)&lt;sup&gt;−β&lt;/sup&gt;, or given by meaning: weight p at distance d&lt;sub&gt;ref&lt;/sub&gt;. Sources are cells
(default: the result does not depend on how cells are grouped into patches) or patches. Supply not attributed is
&lt;i&gt;unallocated&lt;/i&gt;, split into "no demand in reach" and "demand in reach saturated": S = Σ F + U.
d&lt;sub&gt;ij&lt;/sub&gt;: straight line, or least cost over a resistance grid from the land cover (class → resistance CSV;
cost = step length × mean resistance, 8 neighbours; distances in cost-metres).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Balance&lt;/b&gt; of unit j: R&lt;sub&gt;j&lt;/sub&gt; = Σ&lt;sub&gt;i&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt;, B&lt;sub&gt;j&lt;/sub&gt; = R&lt;sub&gt;j&lt;/sub&gt; − D&lt;sub&gt;j&lt;/sub&gt;,
ESDR&lt;sub&gt;j&lt;/sub&gt; = (R&lt;sub&gt;j&lt;/sub&gt; − D&lt;sub&gt;j&lt;/sub&gt;) / ((R&lt;sub&gt;max&lt;/sub&gt; + D&lt;sub&gt;max&lt;/sub&gt;)/2);
share of demand met = Σ min(R&lt;sub&gt;j&lt;/sub&gt;, D&lt;sub&gt;j&lt;/sub&gt;) / Σ D&lt;sub&gt;j&lt;/sub&gt;.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Network&lt;/b&gt; (patches with supply + units with demand, links with F &amp;gt; 0): link density
e/(n&lt;sub&gt;s&lt;/sub&gt;n&lt;sub&gt;d&lt;/sub&gt;), Kansky's α = (e − v + p)/(2v − 5), β = e/v, γ = e/(3(v − 2)).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Two dates&lt;/b&gt; (optional second raster on the same grid, optionally with its own demand): patches matched
by overlap; links kept, lost, gained; patches lost, split, merged, shrunk, grown, new; and the change in attributed
flow split into area, edge, reach, saturation and demand channels (order-averaged counterfactual runs).&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Outputs: flow lines (patch point → unit point, width by flow), patch, demand and network tables (CSV), balance
raster (balance and ESDR). λ, β, d&lt;sub&gt;0&lt;/sub&gt;, d&lt;sub&gt;max&lt;/sub&gt; and the resistances are your choices: the defaults
only make the tool run.&lt;/p&gt;
&lt;p&gt;References: Bagstad K.J. et al. (2013) Ecosystem Services 4: 117-125; Kansky K.J. (1963) Structure of
transportation networks, Univ. Chicago; Li J. et al. (2016) Ecological Indicators 60: 1008-1016 (ESDR).&lt;/p&gt;</source>
            <translation>&lt;p&gt;每个红树林、盐沼或海草床斑块吸收的碳“流向”何处：每个斑块服务于哪些需求单元
（排放源居民点、工业、港口）、服务强度如何，以及破碎化如何切断这些联系
（参照 Acta Geographica Sinica 2024, 79(1): 114-133 的滨海研究；Bagstad et al. 2013 的 SPAN 框架）。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;斑块 i 的&lt;b&gt;供给&lt;/b&gt; S&lt;sub&gt;i&lt;/sub&gt;（t C/年）：由碳汇引擎计算的年固碳量（斑块及其
ID 与 bluecarbon:patchfragmentation 相同）；给定边缘带时，有效面积 = 核心面积 + f × 边缘面积，因此
斑块破碎化时供给随之下降。&lt;/li&gt;
&lt;li&gt;单元 j 的&lt;b&gt;需求&lt;/b&gt; D&lt;sub&gt;j&lt;/sub&gt;（t C/年）：点或面图层的某个数值字段，或需求
栅格（排放量或夜间灯光）汇总到各单元的面、各点的最近点区域（泰森多边形）或所选大小的格网
单元中；两者均按需求计量单位读取：t C/年、t CO₂/年（× 12/44）或其他 × 系数。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;归属于需求单元的流量&lt;/b&gt;（一种本地抵消的约定：CO₂ 吸收通过大气惠及所有人；并无实际输送）。分配方式（高级）：
&lt;i&gt;封顶&lt;/i&gt;（默认）按 D&lt;sub&gt;j&lt;/sub&gt; f(d&lt;sub&gt;ij&lt;/sub&gt;) 的比例归属 F&lt;sub&gt;ij&lt;/sub&gt;，满足 Σ&lt;sub&gt;j&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt; ≤ S&lt;sub&gt;i&lt;/sub&gt; 且
Σ&lt;sub&gt;i&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt; ≤ D&lt;sub&gt;j&lt;/sub&gt;，并达到可达范围图所能承载的最大量（线性规划最优值）；&lt;i&gt;可达供给&lt;/i&gt;为最初的模型，
F&lt;sub&gt;ij&lt;/sub&gt; = S&lt;sub&gt;i&lt;/sub&gt; D&lt;sub&gt;j&lt;/sub&gt; f(d&lt;sub&gt;ij&lt;/sub&gt;) / Σ&lt;sub&gt;k&lt;/sub&gt; D&lt;sub&gt;k&lt;/sub&gt; f(d&lt;sub&gt;ik&lt;/sub&gt;)，不设容量上限；
&lt;i&gt;非空间&lt;/i&gt;：每个斑块按需求比例服务于每个单元。只计入 d ≤ d&lt;sub&gt;max&lt;/sub&gt; 的配对；f(d) = exp(−d/λ) 或
(d + d&lt;sub&gt;0&lt;/sub&gt;)&lt;sup&gt;−β&lt;/sup&gt;，或按含义给定：距离 d&lt;sub&gt;ref&lt;/sub&gt; 处的权重为 p。源为像元（默认：结果与像元如何归并为斑块无关）或斑块。
未归属的供给为&lt;i&gt;未分配&lt;/i&gt;，分为“可达范围内无需求”和“可达范围内需求已饱和”：S = Σ F + U。
d&lt;sub&gt;ij&lt;/sub&gt;：直线距离，或在由土地覆被生成的阻力栅格上的最小成本距离（类别 → 阻力 CSV；
成本 = 步长 × 平均阻力，8 邻域；距离单位为成本米）。&lt;/li&gt;
&lt;li&gt;单元 j 的&lt;b&gt;平衡&lt;/b&gt;：R&lt;sub&gt;j&lt;/sub&gt; = Σ&lt;sub&gt;i&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt;，B&lt;sub&gt;j&lt;/sub&gt; = R&lt;sub&gt;j&lt;/sub&gt; − D&lt;sub&gt;j&lt;/sub&gt;，
ESDR&lt;sub&gt;j&lt;/sub&gt; = (R&lt;sub&gt;j&lt;/sub&gt; − D&lt;sub&gt;j&lt;/sub&gt;) / ((R&lt;sub&gt;max&lt;/sub&gt; + D&lt;sub&gt;max&lt;/sub&gt;)/2)；
需求满足比例 = Σ min(R&lt;sub&gt;j&lt;/sub&gt;, D&lt;sub&gt;j&lt;/sub&gt;) / Σ D&lt;sub&gt;j&lt;/sub&gt;。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;网络&lt;/b&gt;（有供给的斑块 + 有需求的单元，F &amp;gt; 0 的链接）：链接密度
e/(n&lt;sub&gt;s&lt;/sub&gt;n&lt;sub&gt;d&lt;/sub&gt;)，Kansky 的 α = (e − v + p)/(2v − 5)，β = e/v，γ = e/(3(v − 2))。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;两期&lt;/b&gt;（可选的同一格网上的第二期栅格，可带其自身的需求）：按重叠匹配斑块；链接分为保留、消失、
新增；斑块分为消失、分裂、合并、缩小、扩大、新增；并将归属流量的变化分解为面积、边缘、可达性、饱和与需求通道（顺序平均的反事实运行）。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;输出：流动线（斑块点 → 单元点，线宽表示流量），斑块表、需求表和网络表（CSV），平衡
栅格（平衡值和 ESDR）。λ、β、d&lt;sub&gt;0&lt;/sub&gt;、d&lt;sub&gt;max&lt;/sub&gt; 和阻力值需由您自行确定：默认值
仅用于让工具能够运行。&lt;/p&gt;
&lt;p&gt;参考文献：Bagstad K.J. et al. (2013) Ecosystem Services 4: 117-125; Kansky K.J. (1963) Structure of
transportation networks, Univ. Chicago; Li J. et al. (2016) Ecological Indicators 60: 1008-1016 (ESDR).&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="143" />
            <source>Carbon sequestration service flow (patches → demand units)</source>
            <translation>固碳服务流（斑块 → 需求单元）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="501" />
            <source>Blue Carbon flow links, line width by flow (t C/yr)</source>
            <translation>蓝碳流动链接，线宽表示流量（t C/年）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="439" />
            <source>the flow-link layer</source>
            <translation>流量连线图层</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="453" />
            <source>the route layer</source>
            <translation>路径图层</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="463" />
            <source>the demand-unit layer</source>
            <translation>需求单元图层</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="149" />
            <source>Second-date land-cover raster (same grid; optional, for changes)</source>
            <translation>第二期土地覆被栅格（同一格网；可选，用于变化分析）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="166" />
            <source>Flow links</source>
            <translation>流动链接</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="168" />
            <source>Patch supply table</source>
            <translation>斑块供给表</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="169" />
            <source>Demand balance table</source>
            <translation>需求平衡表</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="170" />
            <source>Network indices</source>
            <translation>网络指数</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="173" />
            <source>Supply–demand balance raster</source>
            <translation>供需平衡栅格</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="177" />
            <location filename="../core/results.py" line="133" />
            <source>Demand units with their balance</source>
            <translation>需求单元及其供需平衡</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="183" />
            <source>Patch changes between the dates (with a second raster)</source>
            <translation>两期之间的斑块变化（需第二期栅格）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="190" />
            <source>Change in attributed flow by channel: area, edge, reach, saturation, demand (with a second raster)</source>
            <translation>按通道分解的归属流量变化：面积、边缘、可达性、饱和、需求（需第二期栅格）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="196" />
            <source>Zones for summaries (polygons, e.g. reclamation, port, reed wetland; optional)</source>
            <translation>用于汇总的分区（面，例如围垦区、港口、芦苇湿地；可选）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="205" />
            <source>Zone summaries: moving-window PLAND and ED, blue-carbon area, flow-change channels (with zones)</source>
            <translation>分区汇总：移动窗口 PLAND 与 ED、蓝碳面积、流量变化各通道（需提供分区）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="212" />
            <source>Least-cost routes of the links above the link threshold (least cost only)</source>
            <translation>高于链接阈值的链接的最小成本路径（仅限最小成本模式）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="218" />
            <source>Flow through each cell along the routes, t C/yr (least cost only)</source>
            <translation>沿路径经过每个像元的归属流量，t C/年（仅限最小成本模式）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="224" />
            <source>Flow attributed to the demand units (t C/yr)</source>
            <translation>归属于需求单元的流量（t C/年）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="225" />
            <source>Most the reach graph can attribute (t C/yr)</source>
            <translation>可达范围图最多可归属的流量（t C/年）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="226" />
            <location filename="../core/report/assessment.py" line="55" />
            <source>Unallocated supply (t C/yr)</source>
            <translation>未分配供给（t C/年）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="228" />
            <source>Number of flow links</source>
            <translation>流动链接数量</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="344" />
            <source>The zone layer could not be loaded. Fix: choose a polygon layer.</source>
            <translation>无法加载分区图层。解决办法：请选择一个面图层。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="472" />
            <source>Blue Carbon least-cost routes, line width by attributed flow (t C/yr)</source>
            <translation>蓝碳最小成本路径，线宽表示归属流量（t C/年）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="155" />
            <source>Monte Carlo draws of the rates for intervals on the flows (0 = none; writes 90 % interval columns _lo and _hi)</source>
            <translation>用于流量区间的速率蒙特卡洛抽样次数（0 = 不抽样；写入 90 % 区间列 _lo 和 _hi）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="159" />
            <source>Edge factor's range in the draws, low and high (optional; with an edge band: one factor per draw, uniform in the range, at both dates)</source>
            <translation>抽样中边缘系数的范围（下限和上限；可选；有边缘带时：每次抽样在该范围内均匀抽取一个系数，两个日期相同）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="163" />
            <source>Demand uncertainty in the draws: log-normal σ of each unit's demand (0 = demand as given)</source>
            <translation>抽样中的需求不确定性：各单元需求的对数正态 σ（0 = 按给定需求）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="199" />
            <source>Zone name field (optional)</source>
            <translation>分区名称字段（可选）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="201" />
            <source>Moving-window radius of the zone summaries (m)</source>
            <translation>分区汇总的移动窗口半径（m）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="251" />
            <source>No second-date raster: the patch change table is not written.</source>
            <translation>没有第二期栅格：不写入斑块变化表。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="253" />
            <source>No second-date raster: the decomposition of the flow change is not written.</source>
            <translation>没有第二期栅格：不写入流量变化分解表。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="257" />
            <source>No zone layer: the zone summaries are not written.</source>
            <translation>未提供分区图层：不写出分区汇总。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="321" />
            <source>Supply {0:,.2f} t C/yr: attributed to the units {1:,.2f} ({6} allocation), unallocated {2:,.2f} (no demand in reach {7:,.2f}, demand in reach saturated {8:,.2f}); demand {3:,.1f} t C/yr, {4:.1%} met; {5:.0f} links.</source>
            <translation>供给 {0:,.2f} t C/年：归属于各单元 {1:,.2f}（{6} 分配），未分配 {2:,.2f}（可达范围内无需求 {7:,.2f}，可达范围内需求已饱和 {8:,.2f}）；需求 {3:,.1f} t C/年，满足 {4:.1%}；{5:.0f} 条链接。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="355" />
            <source>Feature {id} of the zone layer '{layer}' has no geometry. Fix: Give every zone a polygon or remove it.</source>
            <translation>分区图层“{layer}”的要素 {id} 没有几何。解决办法：为每个分区提供一个面，或将其删除。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/carbon_service_flow.py" line="284" />
            <location filename="../processing/algorithms/flow_sensitivity.py" line="119" />
            <source>Demand: {0} units, {1:,.1f} t C/yr ({2}).</source>
            <translation>需求：{0} 个单元，{1:,.1f} t C/年（{2}）。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="59" />
            <location filename="../processing/algorithms/mspa.py" line="36" />
            <location filename="../processing/algorithms/restoration_priority.py" line="70" />
            <source>Restoration planning</source>
            <translation>修复规划</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="62" />
            <source>&lt;p&gt;Treats the habitat patches of the chosen classes (or the MSPA cores) as the nodes of a graph, with attribute
a&lt;sub&gt;i&lt;/sub&gt; = area (ha), and d&lt;sub&gt;ij&lt;/sub&gt; the edge-to-edge distance between nodes (straight line in m, or least
cost over the resistance table in cost-metres). A&lt;sub&gt;L&lt;/sub&gt; is the landscape area (default: the raster's valid area).&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;IIC&lt;/b&gt; = Σ&lt;sub&gt;i&lt;/sub&gt;Σ&lt;sub&gt;j&lt;/sub&gt; a&lt;sub&gt;i&lt;/sub&gt;a&lt;sub&gt;j&lt;/sub&gt;/(1 + nl&lt;sub&gt;ij&lt;/sub&gt;) / A&lt;sub&gt;L&lt;/sub&gt;², nodes linked when
d&lt;sub&gt;ij&lt;/sub&gt; ≤ the threshold, nl&lt;sub&gt;ij&lt;/sub&gt; = links on the shortest path (Pascual-Hortal &amp;amp; Saura 2006).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;PC&lt;/b&gt; = Σ&lt;sub&gt;i&lt;/sub&gt;Σ&lt;sub&gt;j&lt;/sub&gt; a&lt;sub&gt;i&lt;/sub&gt;a&lt;sub&gt;j&lt;/sub&gt;p*&lt;sub&gt;ij&lt;/sub&gt; / A&lt;sub&gt;L&lt;/sub&gt;², p&lt;sub&gt;ij&lt;/sub&gt; = exp(−k d&lt;sub&gt;ij&lt;/sub&gt;)
with p&lt;sub&gt;ij&lt;/sub&gt; = p at the threshold distance (k = −ln p / d), p*&lt;sub&gt;ij&lt;/sub&gt; the best product over paths through
other nodes (Saura &amp;amp; Pascual-Hortal 2007).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;EC&lt;/b&gt; = √(Σ&lt;sub&gt;i&lt;/sub&gt;Σ&lt;sub&gt;j&lt;/sub&gt; a&lt;sub&gt;i&lt;/sub&gt;a&lt;sub&gt;j&lt;/sub&gt;p*&lt;sub&gt;ij&lt;/sub&gt;) (ha): the single patch as connected as
the whole network.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;dPC, dIIC&lt;/b&gt; (%): loss when a node is removed, split into intra (its own area), flux (dispersal from and to it)
and connector (stepping stone between others) (Saura &amp;amp; Rubio 2010). A high connector share marks a patch
whose loss would cut the network; restoring near it strengthens the links.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Pairs with p&lt;sub&gt;ij&lt;/sub&gt; below the probability cut are dropped (error of PC below cut × (Σa)²). Optional least-cost
corridors (lines with cost and length) between the nodes linked within the threshold, the normalised corridor raster
cd&lt;sub&gt;A&lt;/sub&gt; + cd&lt;sub&gt;B&lt;/sub&gt; − lcd&lt;sub&gt;AB&lt;/sub&gt; (Linkage Mapper) and the cumulative current of 1 A between each linked
pair (circuit theory, McRae et al. 2008; pinch points) need least-cost distances.&lt;/p&gt;</source>
            <translation>&lt;p&gt;将所选类别的生境斑块（或 MSPA 核心区）作为图的节点，属性
a&lt;sub&gt;i&lt;/sub&gt; = 面积（公顷），d&lt;sub&gt;ij&lt;/sub&gt; 为节点间的边缘到边缘距离（直线，单位米；或按阻力表的最小成本，单位成本米）。A&lt;sub&gt;L&lt;/sub&gt; 为景观面积（默认：栅格的有效面积）。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;IIC&lt;/b&gt; = Σ&lt;sub&gt;i&lt;/sub&gt;Σ&lt;sub&gt;j&lt;/sub&gt; a&lt;sub&gt;i&lt;/sub&gt;a&lt;sub&gt;j&lt;/sub&gt;/(1 + nl&lt;sub&gt;ij&lt;/sub&gt;) / A&lt;sub&gt;L&lt;/sub&gt;²，当
d&lt;sub&gt;ij&lt;/sub&gt; ≤ 阈值时节点相连，nl&lt;sub&gt;ij&lt;/sub&gt; = 最短路径上的连接数（Pascual-Hortal &amp;amp; Saura 2006）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;PC&lt;/b&gt; = Σ&lt;sub&gt;i&lt;/sub&gt;Σ&lt;sub&gt;j&lt;/sub&gt; a&lt;sub&gt;i&lt;/sub&gt;a&lt;sub&gt;j&lt;/sub&gt;p*&lt;sub&gt;ij&lt;/sub&gt; / A&lt;sub&gt;L&lt;/sub&gt;²，p&lt;sub&gt;ij&lt;/sub&gt; = exp(−k d&lt;sub&gt;ij&lt;/sub&gt;)，
在阈值距离处 p&lt;sub&gt;ij&lt;/sub&gt; = p（k = −ln p / d），p*&lt;sub&gt;ij&lt;/sub&gt; 为经由其他节点的路径上的最大概率乘积（Saura &amp;amp; Pascual-Hortal 2007）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;EC&lt;/b&gt; = √(Σ&lt;sub&gt;i&lt;/sub&gt;Σ&lt;sub&gt;j&lt;/sub&gt; a&lt;sub&gt;i&lt;/sub&gt;a&lt;sub&gt;j&lt;/sub&gt;p*&lt;sub&gt;ij&lt;/sub&gt;)（公顷）：与整个网络连通程度相当的单一斑块面积。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;dPC、dIIC&lt;/b&gt;（%）：移除某节点时的损失，分为 intra（自身面积）、flux（进出该节点的扩散）
和 connector（其他节点之间的踏脚石）三部分（Saura &amp;amp; Rubio 2010）。connector 份额高表示该斑块丧失会割裂网络；在其附近修复可加强连接。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;p&lt;sub&gt;ij&lt;/sub&gt; 低于概率下限的节点对被舍弃（PC 的误差小于下限 × (Σa)²）。可选输出：阈值内相连节点之间的最小成本廊道（含成本和长度的线）、
归一化廊道栅格 cd&lt;sub&gt;A&lt;/sub&gt; + cd&lt;sub&gt;B&lt;/sub&gt; − lcd&lt;sub&gt;AB&lt;/sub&gt;（Linkage Mapper），以及每对相连节点之间 1 A 的累积电流
（电路理论，McRae et al. 2008；瓶颈点），这些都需要最小成本距离。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="88" />
            <source>Habitat connectivity (IIC, PC, dPC, corridors)</source>
            <translation>生境连通性（IIC、PC、dPC、廊道）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="219" />
            <source>the corridor layer</source>
            <translation>廊道图层</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="92" />
            <location filename="../processing/algorithms/restoration_priority.py" line="104" />
            <source>Habitat classes (ecosystems or raster values; empty = blue-carbon ecosystems)</source>
            <translation>生境类别（生态系统或栅格值；留空 = 蓝碳生态系统）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="95" />
            <source>Nodes</source>
            <translation>节点</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="97" />
            <source>MSPA edge width for core nodes (cells)</source>
            <translation>核心节点的 MSPA 边缘宽度（像元）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="99" />
            <location filename="../processing/algorithms/restoration_priority.py" line="115" />
            <location filename="../processing/assessment_report.py" line="195" />
            <location filename="../processing/parameters.py" line="555" />
            <location filename="../core/report/assessment.py" line="48" />
            <source>Distance</source>
            <translation>距离</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="101" />
            <source>Resistance table CSV (least cost; empty = the shipped default)</source>
            <translation>阻力表 CSV（最小成本；留空 = 随插件提供的默认表）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="104" />
            <location filename="../processing/algorithms/restoration_priority.py" line="118" />
            <source>Threshold (dispersal) distance (m, or cost-metres)</source>
            <translation>阈值（扩散）距离（米，或成本米）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="106" />
            <location filename="../processing/algorithms/restoration_priority.py" line="121" />
            <source>Dispersal probability at the threshold distance</source>
            <translation>阈值距离处的扩散概率</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="109" />
            <source>Landscape area A_L (ha; empty = the raster's valid area)</source>
            <translation>景观面积 A_L（公顷；留空 = 栅格的有效面积）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="112" />
            <location filename="../processing/algorithms/restoration_priority.py" line="124" />
            <source>Smallest dispersal probability kept</source>
            <translation>保留的最小扩散概率</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="115" />
            <source>Compute dIIC and its connector fraction (minutes for one network of thousands of nodes)</source>
            <translation>计算 dIIC 及其连接者分量（数千节点的单一网络需数分钟）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="118" />
            <source>Node importance table (dIIC, dPC and fractions)</source>
            <translation>节点重要性表（dIIC、dPC 及其分量）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="120" />
            <source>Landscape connectivity table (IIC, PC, EC, components)</source>
            <translation>景观连通性表（IIC、PC、EC、组分）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="122" />
            <source>Least-cost corridors</source>
            <translation>最小成本廊道</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="125" />
            <source>Normalised corridor raster</source>
            <translation>归一化廊道栅格</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="127" />
            <source>Current flow between linked nodes (circuit theory)</source>
            <translation>相连节点间的电流（电路理论）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="130" />
            <source>Probability of connectivity (PC)</source>
            <translation>连通概率（PC）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="131" />
            <source>Integral index of connectivity (IIC)</source>
            <translation>整体连通性指数（IIC）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="132" />
            <location filename="../processing/algorithms/restoration_priority.py" line="162" />
            <source>Equivalent connected area EC(PC) (ha)</source>
            <translation>等效连通面积 EC(PC)（公顷）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="133" />
            <source>Number of components</source>
            <translation>组分数</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="134" />
            <source>Number of nodes</source>
            <translation>节点数</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/connectivity.py" line="182" />
            <source>{n} nodes, {c} components; PC = {pc}, IIC = {iic}, EC(PC) = {ec} ha</source>
            <translation>{n} 个节点，{c} 个组分；PC = {pc}，IIC = {iic}，EC(PC) = {ec} 公顷</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="43" />
            <source>&lt;p&gt;How much the results of bluecarbon:carbonserviceflow depend on the model's choices. The flow model (same
inputs as the service-flow tool) is run many times with its factors moved over their ranges:&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Factors&lt;/b&gt;: the decay distance λ (power law: 1/β) and d&lt;sub&gt;max&lt;/sub&gt;, multiplied by ×0.5–×2 (log scale),
each finite resistance (least cost) likewise, and the edge factor ± 0.2 (with an edge band depth and a factor
&amp;lt; 1).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Outputs&lt;/b&gt;: the attributed total (t C/yr) and the share of demand met; with a second-date raster also the
change in attributed flow ΔF and its area, edge, reach, saturation and demand channels (every run is then the
two-date split, 16 counterfactual allocations: some 15–20 times slower, so give few trajectories).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Morris&lt;/b&gt; (Morris 1991; Campolongo et al. 2007): r trajectories on a 4-level grid, each moving one factor
at a time; the elementary effect EE = Δy / Δ is the change of the output over the whole range of the factor.
μ* = mean |EE| ranks the factors, σ = sd EE flags interactions or non-linear effects. r (k + 1) runs.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Sobol'&lt;/b&gt; (Sobol' 2001; Saltelli et al. 2010; needs the Python library SALib): base sample N (a power of
two), N (k + 2) runs. S1 = share of the output's variance a factor explains alone, ST = with all its
interactions; ± bootstrap 95 % half-widths.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Outputs: a CSV table (one row per factor and output: μ*, μ, σ or S1, S1_conf, ST, ST_conf, runs) and a PNG
chart. More than 5000 runs are refused. Straight-line runs re-use one distance search; least-cost runs with
resistance factors repeat it.&lt;/p&gt;</source>
            <translation>&lt;p&gt;bluecarbon:carbonserviceflow 的结果在多大程度上取决于模型的选择。以与服务流工具相同的输入多次运行流模型，
每次在各因子的取值范围内移动这些因子：&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;因子&lt;/b&gt;：衰减距离 λ（幂律：1/β）和 d&lt;sub&gt;max&lt;/sub&gt;，乘以 ×0.5–×2（对数尺度）；最小成本模式下每个有限阻力值同样处理；
边缘因子 ± 0.2（需给出边缘带深度且因子 &amp;lt; 1）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;输出&lt;/b&gt;：归属总量（t C/yr）和需求满足比例；给出第二期栅格时，还包括归属流变化 ΔF 及其面积、边缘、可达、饱和与需求通道
（每次运行即为两期分解，含 16 次反事实配置：约慢 15–20 倍，请少用轨迹）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Morris&lt;/b&gt;（Morris 1991；Campolongo 等 2007）：在 4 水平网格上取 r 条轨迹，每步只移动一个因子；基本效应
EE = Δy / Δ 为因子在整个范围内变化时输出的变化。μ* = mean |EE| 用于因子排序，σ = sd EE 提示交互作用或非线性效应。
运行 r (k + 1) 次。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Sobol'&lt;/b&gt;（Sobol' 2001；Saltelli 等 2010；需要 Python 库 SALib）：基础样本量 N（2 的幂），运行 N (k + 2) 次。
S1 = 因子单独解释的输出方差比例，ST = 包括其全部交互作用的比例；± 为自助法 95 % 半宽。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;输出：CSV 表（每个因子与输出一行：μ*、μ、σ 或 S1、S1_conf、ST、ST_conf、运行次数）和 PNG 图。超过 5000 次运行将被拒绝。
直线距离模式下各次运行复用同一次距离搜索；含阻力因子的最小成本模式每次重复搜索。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="69" />
            <source>Carbon service flow sensitivity (Morris, Sobol')</source>
            <translation>碳服务流敏感性分析（Morris、Sobol'）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="74" />
            <source>Second-date land-cover raster (same grid; optional: adds the channels of the change in attributed flow, each run then 15–20 times slower)</source>
            <translation>第二期土地覆被栅格（同一网格；可选：增加归属流变化的各通道，此时每次运行慢 15–20 倍）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="81" />
            <source>Morris trajectories r, or Sobol' base sample N (a power of two)</source>
            <translation>Morris 轨迹数 r，或 Sobol' 基础样本量 N（2 的幂）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="94" />
            <source>Sensitivity table</source>
            <translation>敏感性表</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="96" />
            <source>Sensitivity chart</source>
            <translation>敏感性图</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="96" />
            <location filename="../processing/algorithms/restoration_priority.py" line="158" />
            <source>PNG files (*.png)</source>
            <translation>PNG 文件 (*.png)</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="97" />
            <source>Number of model runs</source>
            <translation>模型运行次数</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="79" />
            <source>Sensitivity method</source>
            <translation>敏感性分析方法</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="84" />
            <source>Lowest multiplier of λ (or 1/β), d_max and the resistances</source>
            <translation>λ（或 1/β）、d_max 和阻力值的最小乘数</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="87" />
            <source>Highest multiplier of λ (or 1/β), d_max and the resistances</source>
            <translation>λ（或 1/β）、d_max 和阻力值的最大乘数</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="90" />
            <source>Edge factor range: ± this around the edge factor (within 0–1)</source>
            <translation>边缘因子范围：在边缘因子上下 ± 此值（限于 0–1）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="92" />
            <location filename="../processing/assessment_report.py" line="180" />
            <location filename="../processing/parameters.py" line="310" />
            <source>Random seed</source>
            <translation>随机种子</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/flow_sensitivity.py" line="125" />
            <source>{0}: {1} factors ({2}), {3} model runs.</source>
            <translation>{0}：{1} 个因子（{2}），{3} 次模型运行。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/fragmentation_surface.py" line="35" />
            <location filename="../processing/algorithms/patch_fragmentation.py" line="47" />
            <source>Landscape fragmentation</source>
            <translation>景观破碎化</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/fragmentation_surface.py" line="37" />
            <source>&lt;p&gt;Computes class metrics in a moving window (circle or square of a radius in metres) around every cell
and writes one float32 band per metric and class (nodata −9999), in the order PLAND, ED, PD, AI, MESH, LPI
and, within a metric, the chosen classes. For focal cell x, window W and class c, with A the true area of
the landscape (non-nodata) cells in W:&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;PLAND (%) = 100 · area of c in W / A&lt;/li&gt;
&lt;li&gt;ED (m/ha) = length of the sides of c-cells in W facing another class (and the map edge or nodata when
asked) / A · 10 000&lt;/li&gt;
&lt;li&gt;PD (patches per 100 ha) = number of distinct patches of c (the map's patches) with a cell in W / A · 10&lt;sup&gt;6&lt;/sup&gt;&lt;/li&gt;
&lt;li&gt;AI (%) = like adjacencies of c inside W / the largest number as many cells can have · 100 (FRAGSTATS)&lt;/li&gt;
&lt;li&gt;MESH (ha) = Σ (area of each such patch inside W)² / A / 10 000&lt;/li&gt;
&lt;li&gt;LPI (%) = 100 · largest area of one such patch inside W / A&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Computed with windowed sums (no loop per cell) strip by strip, so large rasters fit in memory. Areas are true
areas (geodesic on a geographic CRS; the window radius then uses the metre scale at the map's centre).&lt;/p&gt;
&lt;p&gt;Sources: McGarigal, Cushman &amp;amp; Ene (2023) FRAGSTATS v4 (moving-window analysis, AI, MESH, LPI);
Jaeger (2000) effective mesh size.&lt;/p&gt;</source>
            <translation>&lt;p&gt;在每个像元周围的移动窗口（半径以米计的圆形或方形）中计算类别指数，
并为每个指数和类别各写出一个 float32 波段（无数据值 −9999），顺序为 PLAND、ED、PD、AI、MESH、LPI，
同一指数内按所选类别排列。对于中心像元 x、窗口 W 和类别 c，A 为 W 内
景观（非无数据）像元的真实面积：&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;PLAND (%) = 100 · W 内 c 的面积 / A&lt;/li&gt;
&lt;li&gt;ED (m/ha) = W 内 c 类像元与其他类别（按需还包括地图边缘或无数据）相邻的边长
/ A · 10 000&lt;/li&gt;
&lt;li&gt;PD（每 100 ha 斑块数）= 在 W 内有像元的 c 类不同斑块（即地图上的斑块）的数量 / A · 10&lt;sup&gt;6&lt;/sup&gt;&lt;/li&gt;
&lt;li&gt;AI (%) = W 内 c 的同类邻接数 / 同样数量的像元可能具有的最大邻接数 · 100（FRAGSTATS）&lt;/li&gt;
&lt;li&gt;MESH (ha) = Σ（每个此类斑块在 W 内的面积）² / A / 10 000&lt;/li&gt;
&lt;li&gt;LPI (%) = 100 · 单个此类斑块在 W 内的最大面积 / A&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;采用窗口求和（不逐像元循环）并按条带计算，因此大型栅格也能放入内存。面积为真实
面积（地理 CRS 下为测地线面积；此时窗口半径使用地图中心处的米制比例）。&lt;/p&gt;
&lt;p&gt;来源：McGarigal, Cushman &amp;amp; Ene (2023) FRAGSTATS v4（移动窗口分析、AI、MESH、LPI）；
Jaeger (2000) 有效网格大小。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/fragmentation_surface.py" line="61" />
            <source>Fragmentation surfaces (moving window)</source>
            <translation>破碎化表面（移动窗口）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/fragmentation_surface.py" line="65" />
            <source>Classes to map (ecosystems or raster values; empty = blue-carbon ecosystems)</source>
            <translation>要制图的类别（生态系统或栅格值；留空 = 蓝碳生态系统）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/fragmentation_surface.py" line="69" />
            <source>Metrics</source>
            <translation>指数</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/fragmentation_surface.py" line="75" />
            <source>Window radius (m)</source>
            <translation>窗口半径（m）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/fragmentation_surface.py" line="85" />
            <source>Count the map boundary and nodata edges in ED</source>
            <translation>在 ED 中计入地图边界和无数据边缘</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/fragmentation_surface.py" line="88" />
            <source>Fragmentation surfaces</source>
            <translation>破碎化表面</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/fragmentation_surface.py" line="90" />
            <source>Band names, in band order</source>
            <translation>波段名称（按波段顺序）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/fragmentation_surface.py" line="80" />
            <source>Window shape</source>
            <translation>窗口形状</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/fragmentation_surface.py" line="115" />
            <source>{band}: min {minimum}, mean {mean}, max {maximum}</source>
            <translation>{band}：最小值 {minimum}，平均值 {mean}，最大值 {maximum}</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/invest_tables.py" line="38" />
            <source>&lt;p&gt;Converts InVEST Coastal Blue Carbon's own tables into the plugin's, to edit them and run them with
bluecarbon:carbonchange (which also takes InVEST's tables directly), bluecarbon:sinkcapacity or the assessment:&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;legend.csv&lt;/b&gt;: one row per lucode of the biophysical table (value, lulc-class name, ecosystem; the
ecosystems from the legend CSV given, otherwise non_habitat: edit them);&lt;/li&gt;
&lt;li&gt;&lt;b&gt;parameters.csv&lt;/b&gt;: one class row per lucode and parameter (stocks t C/ha, rates t C/ha/yr, half-lives,
disturbance shares), each noting its InVEST column and value; t C = t CO₂e × 12/44 when the table is in
InVEST's Mg CO₂e; a half-life of 0 is kept (no emission from that pool, as in InVEST);&lt;/li&gt;
&lt;li&gt;&lt;b&gt;transitions.csv&lt;/b&gt;: InVEST's transition table in the plugin's layout;&lt;/li&gt;
&lt;li&gt;&lt;b&gt;snapshots.csv&lt;/b&gt;: year,path in year order with absolute paths (InVEST 3.20.2 may pair rasters with the
wrong years; here each year keeps its own raster).&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;The files are written together or not at all.&lt;/p&gt;</source>
            <translation>&lt;p&gt;将 InVEST 滨海蓝碳（Coastal Blue Carbon）自己的表格转换为本插件的表格，以便编辑，并用于
bluecarbon:carbonchange（它也可直接读取 InVEST 的表格）、bluecarbon:sinkcapacity 或评估：&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;legend.csv&lt;/b&gt;：生物物理表中每个 lucode 一行（值、类别名称、生态系统；生态系统取自所给的
图例 CSV，否则为 non_habitat：请自行编辑）；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;parameters.csv&lt;/b&gt;：每个 lucode 和参数一行类别参数（碳储量 t C/ha、速率 t C/ha/年、半衰期、
扰动比例），每行注明其 InVEST 列名和数值；表格为 InVEST 的 Mg CO₂e 时按 t C = t CO₂e × 12/44 换算；
半衰期为 0 时保留（该碳库不排放，与 InVEST 相同）；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;transitions.csv&lt;/b&gt;：按本插件格式写出的 InVEST 转换表；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;snapshots.csv&lt;/b&gt;：按年份排序的 year,path，路径为绝对路径（InVEST 3.20.2 可能将栅格与错误的年份
配对；这里每个年份保留其自己的栅格）。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;所有文件要么一起写出，要么都不写出。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/invest_tables.py" line="58" />
            <source>Convert InVEST Coastal Blue Carbon tables</source>
            <translation>转换 InVEST 滨海蓝碳表格</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/invest_tables.py" line="63" />
            <source>Legend CSV naming the ecosystem of each lucode (value,name,ecosystem; empty = non_habitat)</source>
            <translation>指明每个 lucode 生态系统的图例 CSV（value,name,ecosystem；留空 = non_habitat）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/invest_tables.py" line="67" />
            <source>Legend (legend.csv)</source>
            <translation>图例（legend.csv）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/invest_tables.py" line="68" />
            <source>Parameter table (parameters.csv)</source>
            <translation>参数表（parameters.csv）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/invest_tables.py" line="69" />
            <source>Transition table (transitions.csv)</source>
            <translation>转换表（transitions.csv）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/invest_tables.py" line="70" />
            <source>Snapshot list (snapshots.csv)</source>
            <translation>快照列表（snapshots.csv）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/invest_tables.py" line="73" />
            <source>Years of the snapshots</source>
            <translation>快照年份</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/invest_tables.py" line="95" />
            <source>Stocks and rates converted from t CO₂e (InVEST's Mg CO₂e) to t C with × 12/44.</source>
            <translation>碳储量和速率已从 t CO₂e（InVEST 的 Mg CO₂e）按 × 12/44 换算为 t C。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/invest_tables.py" line="97" />
            <source>No legend was given: every class is non_habitat in legend.csv. Set the ecosystem of the mangrove, salt marsh and seagrass classes there before using it for the sink.</source>
            <translation>未提供图例：legend.csv 中所有类别均为 non_habitat。用于碳汇计算之前，请在其中设置红树林、盐沼和海草类别的生态系统。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/invest_tables.py" line="104" />
            <source>Written: {0}</source>
            <translation>已写入：{0}</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/mspa.py" line="39" />
            <source>&lt;p&gt;Morphological Spatial Pattern Analysis (Soille &amp;amp; Vogt 2009) of the chosen habitat classes (foreground;
the other classes are background, nodata is missing). With the edge width s (cells) every habitat cell gets one
class, with GuidosToolbox's byte codes and colours:&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Core (17)&lt;/b&gt;: farther than s cells from the background (8-rule: square; 4-rule: diamond).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Islet (9)&lt;/b&gt;: a habitat patch too small or thin to hold core.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Perforation (5)&lt;/b&gt;: the inner boundary of a core, around a hole.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Edge (3)&lt;/b&gt;: the outer boundary of a core.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Bridge (33)&lt;/b&gt;: a corridor joining two different cores (structural connector).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Loop (65)&lt;/b&gt;: a corridor leaving a core and returning to it.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Branch (1)&lt;/b&gt;: a dead-end strip attached to a core, edge or connector.&lt;/li&gt;
&lt;li&gt;Background (0), missing (129, nodata).&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;The raster border and nodata are not background unless asked (no edge against them). The table gives the cells,
true area (ha, geodesic on geographic rasters) and share of the habitat of every MSPA class, per ecosystem. Departures
from GuidosToolbox (no transition or internal codes; spurs of a bridge stay bridge) are listed in docs/restoration.md.&lt;/p&gt;
&lt;p&gt;Sources: Soille &amp;amp; Vogt (2009) Pattern Recognition Letters 30: 456-459; Vogt &amp;amp; Riitters (2017) GuidosToolbox,
European Journal of Remote Sensing 50: 352-361.&lt;/p&gt;</source>
            <translation>&lt;p&gt;对所选生境类别（前景；其他类别为背景，无数据为缺失）进行形态学空间格局分析（Soille &amp;amp; Vogt 2009）。
给定边缘宽度 s（像元），每个生境像元被归入一类，采用 GuidosToolbox 的字节编码和颜色：&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;核心区（17）&lt;/b&gt;：与背景的距离大于 s 个像元（8 邻域规则：方形；4 邻域规则：菱形）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;孤岛（9）&lt;/b&gt;：过小或过窄、无法容纳核心区的生境斑块。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;穿孔（5）&lt;/b&gt;：核心区围绕孔洞的内边界。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;边缘（3）&lt;/b&gt;：核心区的外边界。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;桥接（33）&lt;/b&gt;：连接两个不同核心区的廊道（结构连接体）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;环道（65）&lt;/b&gt;：离开核心区又回到同一核心区的廊道。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;支线（1）&lt;/b&gt;：连接在核心区、边缘或连接体上的尽头条带。&lt;/li&gt;
&lt;li&gt;背景（0），缺失（129，无数据）。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;除非指定，栅格边界和无数据不视为背景（不与其形成边缘）。表格按生态系统给出每个 MSPA 类别的像元数、
真实面积（公顷，地理坐标栅格上按大地线计算）及其占生境的比例。与 GuidosToolbox 的差异
（无过渡或内部编码；桥接的支刺仍为桥接）列于 docs/restoration.md。&lt;/p&gt;
&lt;p&gt;来源：Soille &amp;amp; Vogt (2009) Pattern Recognition Letters 30: 456-459；Vogt &amp;amp; Riitters (2017) GuidosToolbox，
European Journal of Remote Sensing 50: 352-361。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/mspa.py" line="64" />
            <source>Morphological spatial pattern (MSPA)</source>
            <translation>形态学空间格局分析（MSPA）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/mspa.py" line="68" />
            <source>Habitat (foreground) classes (ecosystems or raster values; empty = blue-carbon ecosystems)</source>
            <translation>生境（前景）类别（生态系统或栅格值；留空 = 蓝碳生态系统）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/mspa.py" line="71" />
            <source>Edge width (cells)</source>
            <translation>边缘宽度（像元）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/mspa.py" line="73" />
            <source>Edge width in metres (overrides the cells when &gt; 0)</source>
            <translation>边缘宽度（米；大于 0 时取代像元数）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/mspa.py" line="76" />
            <source>Treat the raster border and nodata as background</source>
            <translation>将栅格边界和无数据区视为背景</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/mspa.py" line="77" />
            <source>MSPA classes</source>
            <translation>MSPA 类别</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/mspa.py" line="79" />
            <source>MSPA class areas</source>
            <translation>MSPA 类别面积</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/mspa.py" line="80" />
            <source>Edge width used (cells)</source>
            <translation>所用边缘宽度（像元）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/mspa.py" line="81" />
            <source>Core area (ha)</source>
            <translation>核心区面积（公顷）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/mspa.py" line="109" />
            <source>Edge width: {n} cells</source>
            <translation>边缘宽度：{n} 个像元</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="49" />
            <source>&lt;p&gt;Delineates the patches of every class of a classified land-cover raster (8- or 4-neighbour rule) and
computes landscape metrics with the definitions of FRAGSTATS 4 (McGarigal, Cushman &amp;amp; Ene 2023):&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Patch&lt;/b&gt; (polygons of the chosen classes): AREA (ha), PERIM (m), PARA = PERIM/AREA (m/ha),
SHAPE = perimeter / smallest perimeter of as many cells, FRAC = 2 ln(0.25 p) / ln(a),
GYRATE (m, mean distance of cell centres to the centroid), CIRCLE = 1 − a / circle area,
CONTIG (3×3 template), CORE (ha, cells farther than the edge depth from any other class, nodata or
the map edge), NCORE, CAI = CORE/AREA (%), ENN (m, edge-to-edge between cell centres),
PROX = Σ a&lt;sub&gt;s&lt;/sub&gt;/h&lt;sub&gt;s&lt;/sub&gt;² within the search radius.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Class&lt;/b&gt; (all classes): CA, PLAND, NP, PD, LPI, TE, ED, LSI, nLSI, MN/AM/MD/RA/SD/CV of every patch
metric, PAFRAC, TCA, CPLAND, NDCA, DCAD, DCORE, CLUMPY, PLADJ, IJI, COHESION, DIVISION, MESH, SPLIT, AI.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Landscape&lt;/b&gt;: the same aggregates plus CONTAG, PR, PRD, SHDI, SIDI, MSIDI, SHEI, SIEI, MSIEI.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Units are part of each field name (AREA_ha, ENN_m, ED_m_per_ha, PLAND_pct...). Cell areas are true
areas: the cell size on a projected CRS, geodesic areas per row on a geographic CRS (distances there use
the local metre scale at the map's centre: reproject for exact distances). Nodata cells are outside the
landscape. TE and ED leave edges on the map boundary and nodata out unless asked; PERIM and LSI count them,
as FRAGSTATS does. Large rasters are processed in strips with bounded memory.&lt;/p&gt;
&lt;p&gt;Sources: McGarigal K., Cushman S.A., Ene E. (2023) FRAGSTATS v4; Milne (1991) and Bogaert et al. (2000)
for minimum perimeters; Schumaker (1996) COHESION; Gustafson &amp;amp; Parker (1992) PROX.&lt;/p&gt;</source>
            <translation>&lt;p&gt;按 8 邻域或 4 邻域规则划分土地覆被分类栅格中每个类别的斑块，并
采用 FRAGSTATS 4 的定义计算景观指数（McGarigal, Cushman &amp;amp; Ene 2023）：&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;斑块&lt;/b&gt;（所选类别的多边形）：AREA (ha)、PERIM (m)、PARA = PERIM/AREA (m/ha)、
SHAPE = 周长 / 同样数量像元的最小周长、FRAC = 2 ln(0.25 p) / ln(a)、
GYRATE（m，像元中心到质心的平均距离）、CIRCLE = 1 − a / 外接圆面积、
CONTIG（3×3 模板）、CORE（ha，与任何其他类别、无数据或地图边缘的距离大于边缘深度的
像元）、NCORE、CAI = CORE/AREA (%)、ENN（m，像元中心之间的边到边距离）、
PROX = 搜索半径内的 Σ a&lt;sub&gt;s&lt;/sub&gt;/h&lt;sub&gt;s&lt;/sub&gt;²。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;类别&lt;/b&gt;（所有类别）：CA、PLAND、NP、PD、LPI、TE、ED、LSI、nLSI，各斑块指数的
MN/AM/MD/RA/SD/CV，PAFRAC、TCA、CPLAND、NDCA、DCAD、DCORE、CLUMPY、PLADJ、IJI、COHESION、DIVISION、MESH、SPLIT、AI。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;景观&lt;/b&gt;：同样的汇总指数，另加 CONTAG、PR、PRD、SHDI、SIDI、MSIDI、SHEI、SIEI、MSIEI。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;单位是各字段名的一部分（AREA_ha、ENN_m、ED_m_per_ha、PLAND_pct……）。像元面积为真实
面积：投影 CRS 下为像元大小，地理 CRS 下为逐行计算的测地线面积（此时距离使用
地图中心处的局部米制比例：如需精确距离，请重投影）。无数据像元位于
景观之外。除非另行设置，TE 和 ED 不计入地图边界和无数据处的边缘；PERIM 和 LSI 则计入这些边缘，
与 FRAGSTATS 一致。大型栅格按条带处理，内存占用有上限。&lt;/p&gt;
&lt;p&gt;来源：McGarigal K., Cushman S.A., Ene E. (2023) FRAGSTATS v4；Milne (1991) 和 Bogaert et al. (2000)
（最小周长）；Schumaker (1996) COHESION；Gustafson &amp;amp; Parker (1992) PROX。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="76" />
            <source>Patch fragmentation metrics (FRAGSTATS)</source>
            <translation>斑块破碎化指数（FRAGSTATS）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="80" />
            <source>Classes whose patches are drawn (ecosystems or raster values; empty = blue-carbon ecosystems)</source>
            <translation>要输出斑块的类别（生态系统或栅格值；留空 = 蓝碳生态系统）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="84" />
            <source>Edge depth for core area (m; 0 = one cell)</source>
            <translation>核心面积的边缘深度（m；0 = 一个像元）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="90" />
            <source>Count the map boundary and nodata edges in TE and ED</source>
            <translation>在 TE 和 ED 中计入地图边界和无数据边缘</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="95" />
            <source>PROX search radius (m; 0 = do not compute PROX)</source>
            <translation>PROX 搜索半径（m；0 = 不计算 PROX）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="101" />
            <source>Optional patch metrics</source>
            <translation>可选斑块指数</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="108" />
            <source>GYRATE centre: fragstats (median row and column, equals FRAGSTATS's output) or mean (cell centres, its help page)</source>
            <translation>GYRATE 中心：fragstats（行、列的分组中位数，与 FRAGSTATS 程序输出一致）或 mean（像元中心的平均值，即其帮助文档的定义）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="114" />
            <source>Patch polygons with metrics</source>
            <translation>带指数的斑块多边形</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="118" />
            <source>Class metrics table</source>
            <translation>类别指数表</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="122" />
            <source>Landscape metrics table</source>
            <translation>景观指数表</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="127" />
            <source>Patch metrics table of all classes</source>
            <translation>所有类别的斑块指数表</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="133" />
            <source>Patch id raster</source>
            <translation>斑块 ID 栅格</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="137" />
            <source>Number of patches (all classes)</source>
            <translation>斑块数量（所有类别）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/patch_fragmentation.py" line="138" />
            <source>Landscape area (ha)</source>
            <translation>景观面积（ha）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="73" />
            <source>&lt;p&gt;Groups the restorable cells (the named restorable classes, by default tidal flats, aquaculture ponds, salt pans and
bare intertidal classes of the legend, or the cells equal to 1 of a suitability raster) into candidate sites: connected
areas (8-rule), cut by a regular grid above the maximum size, dropped below the minimum size. For every site restored to
the target ecosystem:&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Sequestration gain&lt;/b&gt; = area × the restored-cell rate of the target ecosystem from the carbon parameter table
(t C/yr and t CO₂e/yr).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;EC(PC) gain&lt;/b&gt; (ha): the site joins the habitat network as a new node (edge-to-edge distances, straight
line or least cost over the resistance table, p = exp(−k d), p at the threshold distance); PC is updated exactly through the new node. dPC of the site and its
intra, flux and connector parts (the connector part is what it adds between its neighbours).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Flow gain&lt;/b&gt; (with demand units or a demand raster, the carbon-service flow's parameters): the rise of
the total flow attributed to the demand units (t C/yr) when the site's cells become sources at the restored rate, by
the flow's allocation (capped by default: the rise of the largest deliverable amount).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Cost&lt;/b&gt;: a cost raster summed over the site, or a cost per ha × area (optional).&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Score = weighted sum of the gains divided by their maxima; rank 1 is best. Pareto = no other site is at least as
good in every gain and cost. Portfolio: repeatedly the site with the largest marginal gain per ha (or per money) that
fits in the budget, with the EC and flow gains recomputed after each pick. Outputs: site polygons with every gain,
score, rank, pareto and in_portfolio; the portfolio table (pick order, cumulative area, cost, gains); a chart of the
cumulative gain against the budget.&lt;/p&gt;</source>
            <translation>&lt;p&gt;把可恢复的像元（所列的可恢复类别，默认为图例中的潮滩、养殖塘、盐田和裸露潮间带类别；或适宜性栅格中等于 1 的像元）组合为候选恢复地块：连通区域（8 邻域），超过最大面积时按规则格网切分，小于最小面积的舍去。对恢复为目标生态系统的每个地块计算：&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;固碳增益&lt;/b&gt; = 面积 × 碳参数表中目标生态系统“恢复”像元的速率（t C/年 和 t CO₂e/年）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;EC(PC) 增益&lt;/b&gt;（ha）：地块作为新节点加入生境网络（边到边距离，直线距离或基于阻力表的最小成本距离，p = exp(−k d)，p 为阈值距离处的概率）；PC 经由新节点精确更新。给出地块的 dPC 及其 intra、flux、connector 分量（connector 分量即它在邻近斑块之间增加的连接）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;服务流增益&lt;/b&gt;（提供需求单元或需求栅格时，使用碳服务流的参数）：地块像元以恢复速率成为供给源后，归因于需求单元的总服务流（t C/年）的增加，按服务流的分配方法计算（默认为有上限分配：即最大可输送量的增加）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;成本&lt;/b&gt;：成本栅格在地块内求和，或每公顷成本 × 面积（可选）。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;得分 = 各增益除以其最大值后的加权和；排名 1 为最佳。Pareto = 没有其他地块在每项增益和成本上都不差于它。组合：反复选择在剩余预算内、单位面积（或单位资金）边际增益最大的地块，每次选入后重新计算 EC 增益和服务流增益。输出：带有各项增益、得分、排名、pareto 和 in_portfolio 的地块面；组合表（选入顺序、累计面积、成本、增益）；累计增益随预算变化的图表。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="100" />
            <source>Restoration site priority (carbon, connectivity, portfolio)</source>
            <translation>恢复地块优先级（碳、连通性、组合）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="237" />
            <location filename="../core/report/charts.py" line="495" />
            <source>Cumulative sequestration gain (t CO2e/yr)</source>
            <translation>累计固碳增益（t CO2e/年）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="238" />
            <location filename="../core/report/charts.py" line="496" />
            <source>Cumulative EC(PC) gain (ha)</source>
            <translation>累计 EC(PC) 增益（ha）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="239" />
            <location filename="../core/report/charts.py" line="497" />
            <source>Cumulative flow gain (t CO2e/yr)</source>
            <translation>累计服务流增益（t CO2e/年）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="240" />
            <location filename="../core/report/charts.py" line="498" />
            <source>Restoration portfolio: gain against budget</source>
            <translation>恢复组合：增益与预算</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="241" />
            <location filename="../core/report/charts.py" line="499" />
            <source>No site fits in the budget.</source>
            <translation>没有地块能放入预算。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="284" />
            <source>the site layer</source>
            <translation>修复地块图层</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="106" />
            <source>Restorable classes (ecosystems or raster values; empty = tidal flats, aquaculture ponds, salt pans, bare intertidal)</source>
            <translation>可恢复类别（生态系统或栅格值；留空 = 潮滩、养殖塘、盐田、裸露潮间带）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="109" />
            <source>Suitability raster (1 = restorable; replaces the restorable classes)</source>
            <translation>适宜性栅格（1 = 可恢复；替代可恢复类别）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="111" />
            <source>Target ecosystem of the restoration</source>
            <translation>恢复的目标生态系统</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="127" />
            <source>Maximum site size (ha; larger areas are cut by a grid)</source>
            <translation>最大地块面积（ha；更大的区域按格网切分）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="130" />
            <source>Minimum site size (ha)</source>
            <translation>最小地块面积（ha）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="132" />
            <source>Cost raster (cost per cell, summed over each site)</source>
            <translation>成本栅格（每像元成本，在每个地块内求和）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="134" />
            <source>Cost per hectare (when there is no cost raster)</source>
            <translation>每公顷成本（无成本栅格时）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="137" />
            <source>Score weight of the sequestration gain</source>
            <translation>固碳增益的得分权重</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="140" />
            <source>Score weight of the EC(PC) gain</source>
            <translation>EC(PC) 增益的得分权重</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="143" />
            <source>Score weight of the flow gain (with demand units)</source>
            <translation>服务流增益的得分权重（需提供需求单元）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="146" />
            <source>Portfolio objective</source>
            <translation>组合目标</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="149" />
            <source>Budget in</source>
            <translation>预算单位</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="151" />
            <source>Budget (ha, or cost units)</source>
            <translation>预算（ha 或成本单位）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="154" />
            <source>Ranked restoration sites</source>
            <translation>排序的恢复地块</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="156" />
            <source>Portfolio table</source>
            <translation>组合表</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="158" />
            <source>Portfolio chart (cumulative gain against budget)</source>
            <translation>组合图（累计增益与预算）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="160" />
            <source>Number of candidate sites</source>
            <translation>候选地块数</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="161" />
            <location filename="../core/report/assessment.py" line="624" />
            <source>Sites in the portfolio</source>
            <translation>组合中的地块数</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="236" />
            <location filename="../core/report/charts.py" line="494" />
            <source>Budget spent (ha)</source>
            <translation>已用预算（ha）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="236" />
            <location filename="../core/report/charts.py" line="494" />
            <source>Budget spent (cost units)</source>
            <translation>已用预算（成本单位）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="206" />
            <source>Restored {eco}: {rate} t C/ha/yr ({semantics})</source>
            <translation>恢复的 {eco}：{rate} t C/ha/年（{semantics}）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="246" />
            <source>{n} candidate sites; {k} in the portfolio; EC(PC) of the habitat {ec} ha</source>
            <translation>{n} 个候选地块；{k} 个入选组合；生境的 EC(PC) 为 {ec} ha</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="190" />
            <source>The raster {key} could not be loaded. Fix: choose a raster file.</source>
            <translation>无法加载栅格 {key}。解决：选择一个栅格文件。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/restoration_priority.py" line="249" />
            <source>Flow attributed to the demand units now: {flow} t C/yr; the portfolio adds {gain} t C/yr</source>
            <translation>当前归因于需求单元的服务流：{flow} t C/年；恢复组合增加 {gain} t C/年</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/sink_capacity.py" line="42" />
            <source>&lt;p&gt;Carbon sink capacity of one classified map, per blue-carbon ecosystem (mangrove, salt marsh, seagrass:
the legend says which classes they are) and per patch, from a parameter table with sources
(IPCC 2013 Wetlands Supplement Tier 1, Mcleod et al. 2011, Wang et al. 2019, ... or your own CSV):&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;stock of pool p (t C) = area (ha) × stock density (t C/ha), for aboveground biomass, belowground
biomass, litter and soil (to the depth the table states);&lt;/li&gt;
&lt;li&gt;annual sequestration (t C/yr) = effective area (ha) × Σ accumulation rates (t C/ha/yr);
t CO₂e = t C × 44/12;&lt;/li&gt;
&lt;li&gt;edge effect (optional): effective area = core area + f × edge area, the edge band being the cells within
the edge depth of another class, nodata or the map edge (FRAGSTATS core area). The loss attributable to
fragmentation is (1 − f) × edge area × rate;&lt;/li&gt;
&lt;li&gt;uncertainty: each parameter drawn from its range (seeded Monte Carlo); each total gets its mean and
90 % interval (p05–p95);&lt;/li&gt;
&lt;li&gt;value (optional): annual sequestration × price per t CO₂e, in the CURRENCY given (default USD; a label,
values are not converted), named in the table's currency column.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Areas are true areas (geodesic on a geographic CRS). Patch ids equal those of
bluecarbon:patchfragmentation with the same neighbour rule, so the tables join on &lt;i&gt;patch_id&lt;/i&gt;.&lt;/p&gt;
&lt;p&gt;Cell status (optional, at most one of them): RESTORATION_RASTER (0 or nodata = intact, 1 = restored or
created, 2 = drained or converted; same grid) or EARLIER_INPUT (an earlier map, same grid and legend: cells
that became blue carbon since are restored, cells that were blue carbon and are not any more are drained);
without either every cell is intact. Each cell takes the rate of its class and status: intact stands
(wetlands remaining wetlands) the rates for remaining wetlands (IPCC Tier 1 assumes no soil carbon change;
the default presets give Mcleod 2011's burial rates); restored or created cells IPCC's restoration factor
EF_RE (Table 4.12); drained or converted cells no burial rate but IPCC's drainage emission (Table 4.13),
subtracted from the sequestration. The SEMANTICS output and the table's rate_source say which factor each
number used.&lt;/p&gt;</source>
            <translation>&lt;p&gt;根据带来源的参数表
（IPCC 2013 Wetlands Supplement Tier 1、Mcleod et al. 2011、Wang et al. 2019 等，或您自己的 CSV），
按蓝碳生态系统（红树林、盐沼、海草床：由图例指明对应的类别）和斑块计算一幅分类图的碳汇能力：&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;碳库 p 的碳储量 (t C) = 面积 (ha) × 碳储量密度 (t C/ha)，碳库包括地上生物量、地下
生物量、凋落物和土壤（至参数表所述深度）；&lt;/li&gt;
&lt;li&gt;年固碳量 (t C/年) = 有效面积 (ha) × Σ 累积速率 (t C/ha/年)；
t CO₂e = t C × 44/12；&lt;/li&gt;
&lt;li&gt;边缘效应（可选）：有效面积 = 核心面积 + f × 边缘面积，边缘带为与其他类别、无数据或地图边缘的距离
在边缘深度以内的像元（FRAGSTATS 核心面积）。可归因于
破碎化的损失为 (1 − f) × 边缘面积 × 速率；&lt;/li&gt;
&lt;li&gt;不确定性：每个参数在其范围内抽样（设定随机种子的蒙特卡洛）；每个总量给出平均值和
90% 区间（p05–p95）；&lt;/li&gt;
&lt;li&gt;价值（可选）：年固碳量 × 每 t CO₂e 的价格，以给定的 CURRENCY 表示（默认 USD；仅为标签，
数值不做换算），表中的 currency 列注明货币。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;面积为真实面积（地理 CRS 下为测地线面积）。斑块 ID 与采用相同邻域规则的
bluecarbon:patchfragmentation 一致，因此各表可按 &lt;i&gt;patch_id&lt;/i&gt; 连接。&lt;/p&gt;
&lt;p&gt;像元状态（可选，至多给出其中一个）：RESTORATION_RASTER（0 或 nodata = 完好，1 = 恢复或新建，
2 = 排干或转换；同一网格）或 EARLIER_INPUT（较早的地图，同一网格和图例：此后新成为蓝碳的像元为恢复，
原为蓝碳而现已不是的像元为排干）；两者都不给时所有像元均为完好。每个像元采用其类别和状态的速率：
完好林分（保持为湿地的湿地）采用保持湿地的速率（IPCC Tier 1 假定其土壤碳不变；默认预设采用
Mcleod 2011 的埋藏速率）；恢复或新建像元采用 IPCC 的恢复因子 EF_RE（表 4.12）；排干或转换像元没有埋藏速率，
而采用 IPCC 的排干排放（表 4.13），从固碳量中扣除。输出 SEMANTICS 和表中的 rate_source
说明每个数值采用了哪个因子。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/sink_capacity.py" line="76" />
            <source>Carbon sink capacity (stocks and sequestration)</source>
            <translation>碳汇能力（碳储量和固碳量）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/sink_capacity.py" line="85" />
            <source>Sink table per ecosystem</source>
            <translation>各生态系统碳汇表</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/sink_capacity.py" line="90" />
            <location filename="../core/results.py" line="95" />
            <source>Blue-carbon patches with their sink</source>
            <translation>蓝碳斑块及其碳汇</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/sink_capacity.py" line="94" />
            <source>Sequestration raster</source>
            <translation>固碳栅格</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/sink_capacity.py" line="98" />
            <source>Parameter table used (with sources)</source>
            <translation>所用参数表（含来源）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/sink_capacity.py" line="105" />
            <source>Sequestration lost to the edge effect (t C/yr)</source>
            <translation>因边缘效应损失的固碳量（t C/年）</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/sink_capacity.py" line="108" />
            <source>Which rates produced the sequestration total</source>
            <translation>固碳总量所依据的速率</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/sink_capacity.py" line="151" />
            <source>Annual sequestration: {0:,.1f} t CO₂e/yr; total stock {1:,.0f} t C.</source>
            <translation>年固碳量：{0:,.1f} t CO₂e/年；总碳储量 {1:,.0f} t C。</translation>
        </message>
        <message>
            <location filename="../processing/algorithms/sink_capacity.py" line="133" />
            <source>Cell status (intact, restored, drained) from {0}: {1}</source>
            <translation>像元状态（完好、恢复、排干）来自 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="170" />
            <source>% per year</source>
            <translation>%/年</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="76" />
            <source>{year_1}: {first} {year_2}: {second} (restored cells: those that became blue carbon since {year_1}, at IPCC's restoration factor)</source>
            <translation>{year_1} 年：{first} {year_2} 年：{second}（恢复像元：自 {year_1} 年以来新成为蓝碳生态系统的像元，采用 IPCC 的恢复排放因子）</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="101" />
            <source>{first} and {second}</source>
            <translation>{first} 和 {second}</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="130" />
            <source>Band</source>
            <translation>波段</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="132" />
            <source>Cell size</source>
            <translation>像元大小</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="133" />
            <source>Grid analysed</source>
            <translation>分析格网</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="134" />
            <source>Extent analysed</source>
            <translation>分析范围</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="135" />
            <location filename="../ui/wizard.py" line="255" />
            <source>Area of interest</source>
            <translation>研究区</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="138" />
            <location filename="../ui/wizard.py" line="220" />
            <source>Legend</source>
            <translation>图例</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="140" />
            <source>Patch rule</source>
            <translation>斑块规则</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="173" />
            <source>Parameter presets</source>
            <translation>参数预设</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="174" />
            <source>Own parameter table</source>
            <translation>自定义参数表</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="176" />
            <location filename="../processing/parameters.py" line="302" />
            <location filename="../ui/parameter_editor.py" line="215" />
            <source>Use only my parameter table</source>
            <translation>仅使用我的参数表</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="177" />
            <source>Edge depth</source>
            <translation>边缘深度</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="178" />
            <source>Edge sequestration factor f</source>
            <translation>边缘固碳系数 f</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="179" />
            <source>Monte Carlo draws</source>
            <translation>蒙特卡洛抽样次数</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="181" />
            <source>Carbon price</source>
            <translation>碳价格</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="182" />
            <source>Currency</source>
            <translation>货币</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="120" />
            <source>x {xmin} to {xmax}, y {ymin} to {ymax} (degrees)</source>
            <translation>x {xmin} 至 {xmax}，y {ymin} 至 {ymax}（度）</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="122" />
            <source>x {xmin} to {xmax}, y {ymin} to {ymax} (CRS units)</source>
            <translation>x {xmin} 至 {xmax}，y {ymin} 至 {ymax}（CRS 单位）</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="126" />
            <source>Land-cover raster</source>
            <translation>土地覆被栅格</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="131" />
            <source>unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="137" />
            <source>none (the whole map)</source>
            <translation>无（整幅地图）</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="144" />
            <location filename="../processing/report_maps.py" line="505" />
            <source>Demand units</source>
            <translation>需求单元</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="144" />
            <source>Demand raster</source>
            <translation>需求栅格</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="173" />
            <location filename="../processing/assessment_report.py" line="174" />
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="176" />
            <location filename="../ui/parameter_editor.py" line="527" />
            <location filename="../core/report/assessment.py" line="329" />
            <location filename="../core/report/assessment.py" line="282" />
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="176" />
            <location filename="../ui/parameter_editor.py" line="527" />
            <location filename="../core/report/assessment.py" line="329" />
            <source>no</source>
            <translation>否</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="186" />
            <source>Years</source>
            <translation>年份</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="187" />
            <source>Analysis year</source>
            <translation>分析年份</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="188" />
            <source>Price growth</source>
            <translation>价格增长率</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="189" />
            <source>Discount rate</source>
            <translation>贴现率</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="192" />
            <location filename="../processing/parameters.py" line="548" />
            <source>Distance-decay law</source>
            <translation>距离衰减函数</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="192" />
            <source>Decay distance λ</source>
            <translation>衰减距离 λ</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="193" />
            <source>Power-law exponent β</source>
            <translation>幂律指数 β</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="194" />
            <source>Power-law offset d0</source>
            <translation>幂律偏移量 d0</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="195" />
            <source>Maximum flow distance</source>
            <translation>最大流动距离</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="196" />
            <source>Demand measure</source>
            <translation>需求计量单位</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="197" />
            <source>Demand coefficient</source>
            <translation>需求系数</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="197" />
            <source>t C/yr per unit</source>
            <translation>t C/年/单位</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="86" />
            <source>InVEST biophysical table</source>
            <translation>InVEST 生物物理表</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="114" />
            <source>{size} map units</source>
            <translation>{size} 地图单位</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="133" />
            <source>{columns} columns × {rows} rows</source>
            <translation>{columns} 列 × {rows} 行</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="140" />
            <source>{neighbours}-neighbour; patch types by {group_by}</source>
            <translation>{neighbours} 邻域；斑块类型依据 {group_by}</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="181" />
            <source>{currency} per t CO₂e</source>
            <translation>{currency}/t CO₂e</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="124" />
            <source>Land-cover raster ({year})</source>
            <translation>土地覆被栅格（{year}）</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="128" />
            <source>Second-date raster ({year})</source>
            <translation>第二期栅格（{year}）</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="136" />
            <source>{area} — the map was clipped to it, nodata outside</source>
            <translation>{area} — 地图已按其裁剪，范围外为无数据</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="138" />
            <source>{legend} (the classes of the InVEST biophysical table {path})</source>
            <translation>{legend}（InVEST 生物物理表 {path} 的类别）</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="86" />
            <location filename="../processing/assessment_report.py" line="88" />
            <source>your table {path}</source>
            <translation>您的参数表 {path}</translation>
        </message>
        <message>
            <location filename="../processing/assessment_report.py" line="149" />
            <source>{layer} (field {field})</source>
            <translation>{layer}（字段 {field}）</translation>
        </message>
        <message>
            <location filename="../processing/base.py" line="36" />
            <source>Landscape metrics</source>
            <translation>景观指数</translation>
        </message>
        <message>
            <location filename="../processing/base.py" line="109" />
            <source>Cancelled: no output was written.</source>
            <translation>已取消：未写入任何输出。</translation>
        </message>
        <message>
            <location filename="../processing/base.py" line="120" />
            <source>Geographic CRS: areas, edge lengths, GYRATE, ENN, PROX, core depth and straight-line distances are measured on the ellipsoid; CIRCLE, the moving-window radius and least-cost distances use the metre scale at the map's centre. Reproject to a projected CRS for exact values of those.</source>
            <translation>地理坐标系：面积、边缘长度、GYRATE、ENN、PROX、核心区深度和直线距离均在椭球面上计算；CIRCLE、移动窗口半径和最小成本距离使用地图中心处的米制比例。如需这些值的精确结果，请重投影到投影坐标系。</translation>
        </message>
        <message>
            <location filename="../processing/base.py" line="107" />
            <source>Stopped by {0}: no output was written.</source>
            <translation>被 {0} 中止：没有写入任何输出。</translation>
        </message>
        <message>
            <location filename="../processing/demand.py" line="50" />
            <source>No demand was given. Fix: Give a demand-unit layer (points or polygons) with a demand field, or a demand raster (with units or a grid cell size).</source>
            <translation>未提供需求。解决办法：提供带需求字段的需求单元图层（点或面），或提供需求栅格（配合需求单元或格网单元大小）。</translation>
        </message>
        <message>
            <location filename="../processing/demand.py" line="67" />
            <source>The demand raster is not a GDAL raster file. Fix: Save it as a GeoTIFF first.</source>
            <translation>需求栅格不是 GDAL 栅格文件。解决办法：先将其另存为 GeoTIFF。</translation>
        </message>
        <message>
            <location filename="../processing/demand.py" line="86" />
            <source>A second-date demand field was given but no demand units to read it from. Fix: Give the second-date demand units, or the demand units of the first date.</source>
            <translation>给出了第二期需求字段，但没有可从中读取的需求单元。解决办法：提供第二期需求单元，或第一期的需求单元。</translation>
        </message>
        <message>
            <location filename="../processing/demand.py" line="91" />
            <source>The second-date demand units have no demand field. Fix: Choose the second-date demand field.</source>
            <translation>第二期需求单元没有需求字段。解决办法：选择第二期需求字段。</translation>
        </message>
        <message>
            <location filename="../processing/demand.py" line="56" />
            <source>The demand units have no demand field and no demand raster was given. Fix: Choose the numeric field holding each unit's demand, or give a demand raster to sum into the units.</source>
            <translation>需求单元没有指定需求字段，且未提供需求栅格。解决办法：选择存放各单元需求的数值字段，或提供需求栅格以汇总到各单元。</translation>
        </message>
        <message>
            <location filename="../processing/demand.py" line="61" />
            <source>A demand raster is given: the demand field is not used.</source>
            <translation>已提供需求栅格：不使用需求字段。</translation>
        </message>
        <message>
            <location filename="../processing/demand.py" line="94" />
            <source>Second-date demand: {0} units, {1:,.1f} t C/yr ({2}).</source>
            <translation>第二期需求：{0} 个单元，{1:,.1f} t C/年（{2}）。</translation>
        </message>
        <message>
            <location filename="../processing/demand.py" line="113" />
            <source>Feature {id} of the demand layer '{layer}' has no geometry. Fix: Give every demand unit a geometry or remove it.</source>
            <translation>需求图层“{layer}”的要素 {id} 没有几何。解决办法：为每个需求单元提供几何，或将其删除。</translation>
        </message>
        <message>
            <location filename="../processing/features.py" line="85" />
            <source>the patch layer</source>
            <translation>斑块图层</translation>
        </message>
        <message>
            <location filename="../processing/features.py" line="56" />
            <source>{0} could not be created. Fix: choose another output.</source>
            <translation>无法创建{0}。解决：请选择其他输出。</translation>
        </message>
        <message>
            <location filename="../processing/features.py" line="63" />
            <source>Writing {0} failed. Fix: check the output folder has free space.</source>
            <translation>写入{0}失败。解决：请检查输出文件夹是否有可用空间。</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="48" />
            <source>Recognise from the raster (colour table, class names)</source>
            <translation>从栅格识别（颜色表、类别名称）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="49" />
            <source>Raster values (one class per value, no ecosystems)</source>
            <translation>栅格值（每个值一类，不区分生态系统）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="50" />
            <source>ESA WorldCover (10 m)</source>
            <translation>ESA WorldCover（10 m）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="51" />
            <source>ESA CCI / C3S Land Cover (300 m)</source>
            <translation>ESA CCI / C3S 土地覆被（300 m）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="52" />
            <source>Global Mangrove Watch (mangrove / other)</source>
            <translation>Global Mangrove Watch（红树林 / 其他）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="53" />
            <source>NOAA C-CAP (30 m, United States coast)</source>
            <translation>NOAA C-CAP（30 m，美国海岸）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="54" />
            <source>Generic coastal wetland legend (values 1–12)</source>
            <translation>通用滨海湿地图例（值 1–12）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="55" />
            <source>Raster values (one patch type per value)</source>
            <translation>栅格值（每个值一种斑块类型）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="56" />
            <source>Ecosystems (values of one ecosystem merged)</source>
            <translation>生态系统（同一生态系统的值合并）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="57" />
            <source>8 neighbours (diagonals connect; FRAGSTATS default)</source>
            <translation>8 邻域（对角相连；FRAGSTATS 默认）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="58" />
            <source>4 neighbours (edges only)</source>
            <translation>4 邻域（仅共边相连）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="59" />
            <source>Circle</source>
            <translation>圆形</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="60" />
            <source>Square</source>
            <translation>方形</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="61" />
            <source>Exponential: f(d) = exp(−d/λ)</source>
            <translation>指数：f(d) = exp(−d/λ)</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="62" />
            <source>Power law: f(d) = (d + d0)^−β</source>
            <translation>幂律：f(d) = (d + d0)^−β</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="63" />
            <source>Straight line (m)</source>
            <translation>直线距离（m）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="64" />
            <source>Least cost over the resistance surface (cost-m)</source>
            <translation>阻力面上的最小成本距离（成本米）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="65" />
            <source>Capped: no unit is attributed more than its demand (default)</source>
            <translation>封顶：任何单元的归属量不超过其需求（默认）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="66" />
            <source>Accessible supply: gravity without capacity (the first model, 2SFCA-like)</source>
            <translation>可达供给：无容量上限的引力模型（最初的模型，类似 2SFCA）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="68" />
            <source>Aspatial: every patch serves every unit in proportion to demand</source>
            <translation>非空间：每个斑块按需求比例服务于每个单元</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="69" />
            <source>Cells (independent of how cells are grouped into patches)</source>
            <translation>像元（与像元如何归并为斑块无关）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="70" />
            <source>Patches (the first model)</source>
            <translation>斑块（最初的模型）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="71" />
            <source>IPCC 2013 Wetlands Supplement, Tier 1</source>
            <translation>IPCC 2013 Wetlands Supplement，Tier 1</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="72" />
            <source>Mcleod et al. 2011 (global burial rates)</source>
            <translation>Mcleod et al. 2011（全球埋藏速率）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="73" />
            <source>China coastal syntheses</source>
            <translation>中国滨海综合研究</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="74" />
            <source>InVEST Coastal Blue Carbon defaults (disturbance, half-lives)</source>
            <translation>InVEST 滨海蓝碳默认值（扰动、半衰期）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="75" />
            <source>Wang et al. 2019 (US tidal marshes)</source>
            <translation>Wang et al. 2019（美国潮汐盐沼）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="76" />
            <source>t CO₂e (InVEST's Mg CO₂e; converted with 12/44)</source>
            <translation>t CO₂e（InVEST 的 Mg CO₂e；按 12/44 换算）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="77" />
            <source>t C (a table already in carbon)</source>
            <translation>t C（已按碳计的表）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="78" />
            <source>Morris screening: μ* and σ of the elementary effects</source>
            <translation>Morris 筛选：基本效应的 μ* 和 σ</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="79" />
            <source>Sobol' indices: S1 and ST (needs the Python library SALib)</source>
            <translation>Sobol' 指数：S1 和 ST（需要 Python 库 SALib）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="80" />
            <source>t C/yr (coefficient 1)</source>
            <translation>t C/年（系数为 1）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="81" />
            <source>t CO₂/yr (converted with 12/44; coefficient 1)</source>
            <translation>t CO₂/年（按 12/44 换算；系数为 1）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="82" />
            <source>Other × coefficient (t C/yr per unit of the value)</source>
            <translation>其他 × 系数（每单位数值对应的 t C/年）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="133" />
            <source>Legend recognised from the raster: {0} ({1}).</source>
            <translation>已从栅格识别图例：{0}（{1}）。</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="138" />
            <source>Classified land-cover raster</source>
            <translation>土地覆被分类栅格</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="141" />
            <source>Band with the class codes (needed for multiband rasters)</source>
            <translation>类别代码所在波段（多波段栅格必填）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="211" />
            <source>The land-cover raster could not be loaded. Fix: choose a raster layer or file.</source>
            <translation>无法加载土地覆被栅格。解决办法：选择一个栅格图层或文件。</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="214" />
            <source>The land-cover layer is not a GDAL raster file. Fix: save it as a GeoTIFF first (Export &gt; Save As).</source>
            <translation>土地覆被图层不是 GDAL 栅格文件。解决办法：先将其另存为 GeoTIFF（导出 &gt; 另存为）。</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="299" />
            <source>Own parameter table (CSV in the preset format; overrides the presets' rows)</source>
            <translation>自定义参数表（预设格式的 CSV；覆盖预设中的对应行）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="339" />
            <source>Restoration raster (0 or nodata = intact, 1 = restored or created, 2 = drained or converted; same grid)</source>
            <translation>恢复栅格（0 或无数据 = 完好，1 = 恢复或新建，2 = 排干或转换；同一格网）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="342" />
            <source>Earlier land-cover map (same grid and legend; cells that became blue carbon since are restored)</source>
            <translation>较早期土地覆被图（同一格网和图例；此后变为蓝碳的像元视为恢复）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="358" />
            <source>RESTORATION_RASTER and EARLIER_INPUT both give the status of the cells. Fix: give only one of them (a restoration raster, or an earlier map from which the restored cells are derived).</source>
            <translation>RESTORATION_RASTER 和 EARLIER_INPUT 都给出像元状态。解决办法：只提供其中之一（恢复栅格，或用于推导恢复像元的较早期地图）。</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="371" />
            <source>EARLIER_INPUT needs a legend: restored cells are those that became blue carbon since. Fix: choose the legend of both maps (a preset or your own legend CSV).</source>
            <translation>EARLIER_INPUT 需要图例：恢复像元是此后变为蓝碳的像元。解决办法：选择两幅地图的图例（预设或自定义图例 CSV）。</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="414" />
            <source>InVEST biophysical table (CSV per lucode; replaces the legend and parameter tables)</source>
            <translation>InVEST 生物物理表（按 lucode 的 CSV；替代图例和参数表）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="417" />
            <source>InVEST landcover transitions table (CSV; replaces the transition table)</source>
            <translation>InVEST 土地覆被转换表（CSV；替代转换表）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="454" />
            <location filename="../ui/wizard.py" line="423" />
            <source>Carbon price per t CO₂e (0 = no valuation)</source>
            <translation>每 t CO₂e 的碳价格（0 = 不做价值评估）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="456" />
            <source>Currency of the price (a label, e.g. USD, EUR, CNY; values are not converted)</source>
            <translation>价格的货币（标签，如 USD、EUR、CNY；数值不做换算）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="460" />
            <source>Yearly price growth (%)</source>
            <translation>价格年增长率（%）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="461" />
            <source>Discount rate (% per year)</source>
            <translation>贴现率（%/年）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="530" />
            <source>Demand units (points or polygons)</source>
            <translation>需求单元（点或面）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="533" />
            <source>Demand field (used without a demand raster)</source>
            <translation>需求字段（无需求栅格时使用）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="536" />
            <source>Unit name field (optional, copied to the tables)</source>
            <translation>单元名称字段（可选，复制到输出表中）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="539" />
            <source>Demand raster (per cell; summed into the units or a grid)</source>
            <translation>需求栅格（逐像元；汇总到需求单元或格网）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="540" />
            <source>Demand raster band</source>
            <translation>需求栅格波段</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="544" />
            <source>Demand coefficient: t C/yr per unit of the value (measure 'other × coefficient'; 1 with t C/yr or t CO₂/yr)</source>
            <translation>需求系数：每单位数值对应的 t C/年（计量单位为“其他 × 系数”时使用；t C/年 或 t CO₂/年 时为 1）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="546" />
            <source>Demand grid cell size (m; a demand raster without demand units)</source>
            <translation>需求格网单元大小（m；用于没有需求单元的需求栅格）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="549" />
            <source>Exponential decay distance λ (m): f(d) = exp(−d/λ)</source>
            <translation>指数衰减距离 λ（m）：f(d) = exp(−d/λ)</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="550" />
            <source>Power-law exponent β: f(d) = (d + d0)^−β</source>
            <translation>幂律指数 β：f(d) = (d + d0)^−β</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="551" />
            <source>Power-law offset d0 (m)</source>
            <translation>幂律偏移量 d0（m）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="552" />
            <source>Maximum flow distance d_max (m; cost-metres in least-cost mode)</source>
            <translation>最大流动距离 d_max（m；最小成本模式下为成本米）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="558" />
            <source>Resistance table (CSV key,resistance; empty = the shipped ecosystem table)</source>
            <translation>阻力表（CSV：key,resistance；留空 = 插件自带的生态系统阻力表）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="560" />
            <source>Decay by meaning: weight p of a link at the reference distance, relative to distance 0 (0 &lt; p &lt; 1; replaces λ or β when given)</source>
            <translation>按含义给定衰减：参考距离处链接相对于距离 0 的权重 p（0 &lt; p &lt; 1；给定时替代 λ 或 β）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="563" />
            <source>Decay by meaning: reference distance d_ref (m; cost-m in least-cost mode) at which a link weighs p</source>
            <translation>按含义给定衰减：链接权重为 p 的参考距离 d_ref（m；最小成本模式下为成本米）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="570" />
            <source>Link threshold for the flow indices: share of a source's supply a link must carry (0 = every flow &gt; 0)</source>
            <translation>流量指数的链接阈值：链接须承载的源供给比例（0 = 所有大于 0 的流量）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="573" />
            <source>Second-date demand units (same unit ids; optional, default the first date's)</source>
            <translation>第二期需求单元（相同单元 ID；可选，默认使用第一期的）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="576" />
            <source>Second-date demand field (optional, default the first date's field)</source>
            <translation>第二期需求字段（可选，默认使用第一期的字段）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="591" />
            <source>Decay by meaning needs both the weight p and the reference distance d_ref. Fix: give both, or neither to use λ or β.</source>
            <translation>按含义给定衰减需要同时给出权重 p 和参考距离 d_ref。解决办法：两者都给出，或都不给出以使用 λ 或 β。</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="656" />
            <source>Worker processes (0 = cores − 1)</source>
            <translation>工作进程数（0 = 核心数 − 1）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="658" />
            <source>Default Dask scheduler address (e.g. tcp://host:8786; empty = this machine)</source>
            <translation>默认 Dask 调度器地址（例如 tcp://host:8786；留空 = 本机）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="122" />
            <source>Legend: none recognised from the raster's colour table or class names; using {0}. Choose a legend preset or your own legend CSV to map ecosystems.</source>
            <translation>图例：未能从栅格的颜色表或类别名称识别出图例；使用{0}。请选择图例预设或自定义图例 CSV 以对应生态系统。</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="127" />
            <source>{0} of {1} class colours and {2} class names match</source>
            <translation>{1} 个类别中 {0} 个颜色一致，{2} 个类别名称一致</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="165" />
            <source>Patch types are</source>
            <translation>斑块类型依据</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="181" />
            <source>Neighbour rule</source>
            <translation>邻域规则</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="294" />
            <source>Carbon parameter presets (merged in order; later ones win)</source>
            <translation>碳参数预设（按顺序合并；靠后的优先）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="304" />
            <source>Edge band depth (m; 0 = no edge effect)</source>
            <translation>边缘带深度（m；0 = 无边缘效应）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="306" />
            <location filename="../ui/wizard.py" line="421" />
            <source>Sequestration rate in the edge band, as a fraction of the interior rate</source>
            <translation>边缘带内的固碳速率，以内部速率的比例表示</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="309" />
            <source>Monte Carlo draws (0 = none)</source>
            <translation>蒙特卡洛抽样次数（0 = 不抽样）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="421" />
            <source>InVEST snapshot table (CSV snapshot_year,raster_path; replaces the snapshots and years)</source>
            <translation>InVEST 快照表（CSV：snapshot_year,raster_path；替代快照和年份）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="425" />
            <source>InVEST price table (CSV year,price per t CO₂e; replaces the price table)</source>
            <translation>InVEST 价格表（CSV：year,每 t CO₂e 价格；替代价格表）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="428" />
            <source>Units of the InVEST biophysical table's stocks and rates</source>
            <translation>InVEST 生物物理表中碳储量和速率的单位</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="466" />
            <source>Price table (CSV year,price per t CO₂e; replaces price and growth)</source>
            <translation>价格表（CSV：year,每 t CO₂e 价格；替代价格和增长率）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="542" />
            <source>Demand measure: what one unit of the field or raster value is</source>
            <translation>需求计量单位：字段或栅格值的一个单位代表什么</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="566" />
            <source>Allocation of supply to demand units</source>
            <translation>供给到需求单元的分配方式</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="569" />
            <location filename="../core/report/assessment.py" line="54" />
            <source>Flow sources</source>
            <translation>流量源</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="641" />
            <source>Worker processes for the strips (0 = automatic: the machine's cores − 1)</source>
            <translation>条带计算的工作进程数（0 = 自动：本机核心数 − 1）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="644" />
            <source>Dask scheduler address for a cluster (e.g. tcp://host:8786; empty = this machine)</source>
            <translation>集群的 Dask 调度器地址（例如 tcp://host:8786；留空 = 本机）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="130" />
            <source>{0} of {1} class colours match</source>
            <translation>{1} 个类别中 {0} 个颜色一致</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="132" />
            <source>{0} of {1} class names match</source>
            <translation>{1} 个类别中 {0} 个名称一致</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="175" />
            <source>Classes to map (ecosystems or raster values, comma separated; empty = blue-carbon ecosystems)</source>
            <translation>要制图的类别（生态系统或栅格值，以逗号分隔；留空 = 蓝碳生态系统）</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="354" />
            <source>{0} could not be loaded as a raster file. Fix: choose a GeoTIFF.</source>
            <translation>无法将 {0} 作为栅格文件加载。解决办法：选择一个 GeoTIFF。</translation>
        </message>
        <message>
            <location filename="../processing/parameters.py" line="256" />
            <source>{key}, raster {n} of {count}: </source>
            <translation>{key}，第 {n} 个栅格（共 {count} 个）：</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="485" />
            <source>Blue-carbon patches coloured by area (ha, natural breaks), over the land cover in grey.</source>
            <translation>蓝碳斑块按面积着色（ha，自然断点分级），底图为灰色土地覆被。</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="490" />
            <source>Annual sequestration rate (t C/ha/yr; edge band reduced when an edge effect is set).</source>
            <translation>年固碳速率（t C/ha/年；设置边缘效应时边缘带速率降低）。</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="100" />
            <location filename="../processing/report_maps.py" line="469" />
            <location filename="../processing/report_maps.py" line="474" />
            <location filename="../ui/wizard.py" line="134" />
            <source>Land cover</source>
            <translation>土地覆被</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="495" />
            <source>Carbon stock gain (purple) or loss (orange to brown) over the whole run (t C/ha); no change is transparent.</source>
            <translation>整个分析期内的碳储量增加（紫色）或减少（橙色至棕色）（t C/ha）；无变化处透明。</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="513" />
            <source>Carbon-sequestration service flows from the blue-carbon patches to the demand units{year}: the {shown} strongest of {total} links, carrying {share} % of the delivered flow; line width and opacity by flow, the strongest drawn on top. Every link is in flow_links.gpkg.</source>
            <translation>从蓝碳斑块到需求单元的固碳服务流{year}：显示 {total} 条链接中最强的 {shown} 条，占输送流量的 {share}%；线宽和不透明度随流量增加，最强的链接绘制在最上层。所有链接见 flow_links.gpkg。</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="529" />
            <source>Candidate restoration sites on the latest map: those the portfolio picks within the budget, the other candidates, and the blue-carbon patches of the first date.</source>
            <translation>最新一期地图上的候选恢复地块：恢复组合在预算内选中的地块、其他候选地块，以及第一期的蓝碳斑块。</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="482" />
            <source>Blue-carbon patches {year} coloured by area (ha, natural breaks), over the land cover in grey.</source>
            <translation>{year} 年蓝碳斑块按面积着色（ha，自然断点分级），底图为灰色土地覆被。</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="504" />
            <source>Flow (t C/yr)</source>
            <translation>流量（t C/年）</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="506" />
            <location filename="../processing/report_maps.py" line="524" />
            <location filename="../core/report/assessment.py" line="191" />
            <source>Blue-carbon patches</source>
            <translation>蓝碳斑块</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="426" />
            <source>The map image '{path}' could not be written.</source>
            <translation>无法写入地图图像“{path}”。</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="474" />
            <source>Land cover {year}</source>
            <translation>{year} 年土地覆被</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="476" />
            <source>{map}, coloured by the legend (area of interest only).</source>
            <translation>{map}，按图例着色（仅研究区）。</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="478" />
            <source>{map}, coloured by the legend.</source>
            <translation>{map}，按图例着色。</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="487" />
            <source>Patch area (ha)</source>
            <translation>斑块面积（ha）</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="378" />
            <source>… {count} more</source>
            <translation>… 另有 {count} 项</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="492" />
            <location filename="../core/results.py" line="98" />
            <source>Sequestration (t C/ha/yr)</source>
            <translation>固碳量（t C/ha/年）</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="498" />
            <source>Stock gain / loss (t C/ha)</source>
            <translation>碳储量增减（t C/ha）</translation>
        </message>
        <message>
            <location filename="../processing/report_maps.py" line="465" />
            <source>The map {name} could not be drawn ({error}).</source>
            <translation>无法绘制地图 {name}（{error}）。</translation>
        </message>
        <message>
            <location filename="../processing/styles.py" line="59" />
            <source>Blue Carbon restoration sites, portfolio in orange</source>
            <translation>蓝碳恢复地块，组合中的地块为橙色</translation>
        </message>
        <message>
            <location filename="../processing/styles.py" line="65" />
            <source>Blue Carbon patches graduated by area (ha)</source>
            <translation>蓝碳斑块，按面积分级（ha）</translation>
        </message>
        <message>
            <location filename="../processing/styles.py" line="52" />
            <source>In the portfolio</source>
            <translation>选入组合</translation>
        </message>
        <message>
            <location filename="../processing/styles.py" line="53" />
            <source>Other candidate sites</source>
            <translation>其他候选地块</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="181" />
            <source>Legend preset:</source>
            <translation>图例预设：</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="189" />
            <source>Apply preset</source>
            <translation>应用预设</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="190" />
            <source>Fill names, colours and ecosystems of the raster values from the preset</source>
            <translation>按预设填写各栅格值的名称、颜色和生态系统</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="192" />
            <source>Load CSV…</source>
            <translation>加载 CSV…</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="194" />
            <source>Save CSV…</source>
            <translation>保存 CSV…</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="472" />
            <location filename="../ui/class_mapping.py" line="747" />
            <source>Load a legend CSV</source>
            <translation>加载图例 CSV</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="477" />
            <location filename="../ui/class_mapping.py" line="752" />
            <location filename="../ui/class_mapping.py" line="770" />
            <source>Save the legend CSV</source>
            <translation>保存图例 CSV</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="497" />
            <source>Map raster classes to ecosystems</source>
            <translation>将栅格类别映射到生态系统</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="634" />
            <location filename="../ui/class_mapping.py" line="761" />
            <source>Choose a legend CSV</source>
            <translation>选择图例 CSV</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="206" />
            <location filename="../ui/dashboard.py" line="359" />
            <location filename="../ui/parameter_editor.py" line="243" />
            <location filename="../core/report/assessment.py" line="284" />
            <location filename="../core/report/assessment.py" line="416" />
            <location filename="../core/report/assessment.py" line="549" />
            <location filename="../core/report/assessment.py" line="313" />
            <location filename="../core/report/assessment.py" line="335" />
            <source>Value</source>
            <translation>值</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="206" />
            <location filename="../core/report/assessment.py" line="587" />
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="206" />
            <source>Pixels</source>
            <translation>像元数</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="206" />
            <source>Share</source>
            <translation>占比</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="206" />
            <location filename="../ui/dashboard.py" line="359" />
            <location filename="../ui/parameter_editor.py" line="243" />
            <location filename="../core/report/assessment.py" line="407" />
            <location filename="../core/report/assessment.py" line="285" />
            <location filename="../core/report/assessment.py" line="364" />
            <location filename="../core/report/assessment.py" line="334" />
            <location filename="../core/report/assessment.py" line="568" />
            <source>Ecosystem</source>
            <translation>生态系统</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="450" />
            <source>Choose a raster, a preset or a legend CSV to list its classes.</source>
            <translation>请选择栅格、预设或图例 CSV 以列出其类别。</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="502" />
            <source>Read the values of:</source>
            <translation>读取以下图层的栅格值：</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="638" />
            <source>Map classes…</source>
            <translation>映射类别…</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="639" />
            <source>Map raster values to ecosystems and save the legend CSV</source>
            <translation>将栅格值映射到生态系统并保存图例 CSV</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="736" />
            <source>No raster chosen: the legend preset above applies.</source>
            <translation>未选择栅格：将使用上方的图例预设。</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="430" />
            <source>Not defined by the preset or file: set to not habitat</source>
            <translation>预设或文件中未定义：已设为非生境</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="463" />
            <source>No class is mapped to a blue-carbon ecosystem (mangrove, salt marsh, seagrass).</source>
            <translation>没有类别映射到蓝碳生态系统（红树林、盐沼、海草床）。</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="466" />
            <source>Not in the legend, set to not habitat: {0}</source>
            <translation>不在图例中、已设为非生境的栅格值：{0}</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="740" />
            <source>The table is the legend preset above; change an ecosystem to write your own legend.</source>
            <translation>当前表格即上方的图例预设；修改任一生态系统即可生成您自己的图例。</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="742" />
            <source>The algorithm reads this table (written as a legend CSV when it runs).</source>
            <translation>算法将读取此表格（运行时写为图例 CSV）。</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="459" />
            <source>Blue-carbon classes: {0} ({1:.1f} % of the pixels)</source>
            <translation>蓝碳类别：{0}（占像元的 {1:.1f} %）</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="461" />
            <source>Blue-carbon classes: {0}</source>
            <translation>蓝碳类别：{0}</translation>
        </message>
        <message>
            <location filename="../ui/class_mapping.py" line="738" />
            <source>The algorithm reads the legend file {0}.</source>
            <translation>算法将读取图例文件 {0}。</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="137" />
            <source>Area and sequestration by ecosystem</source>
            <translation>各生态系统的面积与固碳量</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="138" />
            <source>Patch-size distribution</source>
            <translation>斑块面积分布</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="139" />
            <source>Fragmentation metrics between dates</source>
            <translation>两期之间的破碎化指数</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="141" />
            <location filename="../core/report/assessment.py" line="522" />
            <location filename="../core/report/methods.py" line="104" />
            <source>Carbon change between dates</source>
            <translation>两期之间的碳变化</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="142" />
            <source>Top patches by attributed flow</source>
            <translation>归属流量最多的斑块</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="143" />
            <source>Restoration portfolio: cumulative gains</source>
            <translation>修复组合：累计收益</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="61" />
            <location filename="../core/report/assessment.py" line="264" />
            <source>date {n}</source>
            <translation>日期 {n}</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="201" />
            <source>Save the chart</source>
            <translation>保存图表</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="223" />
            <source>No assessment loaded.</source>
            <translation>尚未加载评估结果。</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="227" />
            <source>Open results…</source>
            <translation>打开结果…</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="231" />
            <source>Open report</source>
            <translation>打开报告</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="243" />
            <source>Key totals</source>
            <translation>关键总量</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="260" />
            <source>Class metrics</source>
            <translation>类别指数</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="268" />
            <source>Nothing to draw: open the output folder of an assessment.</source>
            <translation>没有可绘制的内容：请打开评估的输出文件夹。</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="271" />
            <source>Charts</source>
            <translation>图表</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="419" />
            <source>Blue Carbon results</source>
            <translation>蓝碳结果</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="248" />
            <source>Date:</source>
            <translation>日期：</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="359" />
            <location filename="../ui/parameter_editor.py" line="243" />
            <location filename="../core/report/assessment.py" line="284" />
            <location filename="../core/report/assessment.py" line="364" />
            <location filename="../core/report/assessment.py" line="507" />
            <source>Class</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="280" />
            <source>Results in {0}</source>
            <translation>结果位于 {0}</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="323" />
            <source>No sink, change or flow table in this folder.</source>
            <translation>此文件夹中没有碳汇表、变化表或服务流表。</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="56" />
            <source>'{0}' is not a folder.</source>
            <translation>“{0}”不是文件夹。</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="168" />
            <source>Save this chart as {0}</source>
            <translation>将此图表保存为 {0}</translation>
        </message>
        <message>
            <location filename="../ui/dashboard.py" line="339" />
            <source>90 % interval: {0}</source>
            <translation>90% 区间：{0}</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="62" />
            <source>normal</source>
            <translation>正态</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="63" />
            <source>lognormal</source>
            <translation>对数正态</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="64" />
            <source>uniform</source>
            <translation>均匀</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="65" />
            <source>triangular</source>
            <translation>三角</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="66" />
            <source>fixed</source>
            <translation>固定值</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="71" />
            <source>any cell</source>
            <translation>任何像元</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="72" />
            <source>intact stands</source>
            <translation>完整林分</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="73" />
            <source>restored or created</source>
            <translation>恢复或新建</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="74" />
            <source>drained or converted</source>
            <translation>排干或转换</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="82" />
            <source>China coastal blue carbon: rates and stocks from Chinese national and regional syntheses</source>
            <translation>中国滨海蓝碳：基于全国及区域综合研究的速率与储量</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="84" />
            <source>InVEST Coastal Blue Carbon default disturbance fractions and half-lives (user's guide Table 1)</source>
            <translation>InVEST 滨海蓝碳模型默认扰动比例与半衰期（用户指南表 1）</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="86" />
            <source>IPCC 2013 Wetlands Supplement, Tier 1 defaults for coastal wetlands (chapter 4)</source>
            <translation>IPCC 2013《湿地增补指南》滨海湿地 Tier 1 缺省值（第 4 章）</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="87" />
            <source>Mcleod et al. 2011: global mean long-term carbon burial rates of blue-carbon ecosystems</source>
            <translation>Mcleod 等 2011：蓝碳生态系统全球平均长期碳埋藏速率</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="89" />
            <source>Wang et al. 2019: carbon accumulation rate of tidal marshes of the contiguous United States</source>
            <translation>Wang 等 2019：美国本土潮汐沼泽的碳累积速率</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="124" />
            <source>any number</source>
            <translation>任意数值</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="206" />
            <source>A second preset merged over the first (its rows win), e.g. the InVEST disturbance shares and half-lives the change step needs</source>
            <translation>合并在第一个预设之上的第二个预设（其行优先），例如变化分析步骤所需的 InVEST 扰动比例和半衰期</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="208" />
            <source>(no second preset)</source>
            <translation>（无第二个预设）</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="218" />
            <source>Reset</source>
            <translation>重置</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="219" />
            <source>Drop the values you changed and go back to the preset</source>
            <translation>放弃您修改的值，恢复为预设</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="221" />
            <source>Load table…</source>
            <translation>加载参数表…</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="222" />
            <source>Load your own parameter table (CSV); its rows replace the preset's</source>
            <translation>加载您自己的参数表（CSV）；其中的行将替换预设中的对应行</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="224" />
            <source>Save table…</source>
            <translation>保存参数表…</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="225" />
            <source>Save the table as used, with sources and your values marked</source>
            <translation>按实际使用的内容保存参数表，并标注来源和您设置的值</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="274" />
            <source>class value (optional)</source>
            <translation>类别值（可选）</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="275" />
            <source>A raster class value: the row is for that class only, not the whole ecosystem</source>
            <translation>栅格类别值：该行仅适用于此类别，而非整个生态系统</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="282" />
            <source>value [unit]</source>
            <translation>数值 [单位]</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="288" />
            <source>Add</source>
            <translation>添加</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="392" />
            <source>Written by the Blue Carbon parameter editor: every row is a value the user gave.</source>
            <translation>由蓝碳参数编辑器写入：每一行都是用户给定的值。</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="564" />
            <source>Load a parameter table</source>
            <translation>加载参数表</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="572" />
            <source>Save the parameter table</source>
            <translation>保存参数表</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="588" />
            <location filename="../ui/wizard.py" line="409" />
            <source>Carbon parameters</source>
            <translation>碳参数</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="193" />
            <source>Carbon parameter preset:</source>
            <translation>碳参数预设：</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="203" />
            <source>then:</source>
            <translation>然后：</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="243" />
            <location filename="../core/report/assessment.py" line="334" />
            <source>Parameter</source>
            <translation>参数</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="243" />
            <source>Applies to</source>
            <translation>适用于</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="243" />
            <location filename="../core/report/assessment.py" line="579" />
            <location filename="../core/report/assessment.py" line="313" />
            <location filename="../core/report/assessment.py" line="335" />
            <location filename="../core/report/assessment.py" line="749" />
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="243" />
            <location filename="../core/report/assessment.py" line="335" />
            <source>Range</source>
            <translation>范围</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="244" />
            <location filename="../core/report/assessment.py" line="336" />
            <source>Distribution</source>
            <translation>分布</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="244" />
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="244" />
            <location filename="../core/report/assessment.py" line="337" />
            <source>Confirmed</source>
            <translation>已核实</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="244" />
            <location filename="../core/report/assessment.py" line="336" />
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="264" />
            <source>Add a value:</source>
            <translation>添加值：</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="391" />
            <location filename="../ui/parameter_editor.py" line="355" />
            <source>User values</source>
            <translation>用户值</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="470" />
            <source>Type a value (a number, optionally followed by its unit).</source>
            <translation>请输入一个值（数字，可在其后加上单位）。</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="486" />
            <source>The class value must be a whole number (a value of the raster).</source>
            <translation>类别值必须是整数（栅格中的一个值）。</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="490" />
            <source>Valid.</source>
            <translation>有效。</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="609" />
            <source>class {0}</source>
            <translation>类别 {0}</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="196" />
            <source>Default presets ({0})</source>
            <translation>默认预设（{0}）</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="415" />
            <source>Loaded {0} rows from {1}.</source>
            <translation>已从 {1} 加载 {0} 行。</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="438" />
            <source>{0} of {1} set to {2} {3} (user-defined; fixed, no uncertainty drawn).</source>
            <translation>{1}的 {0} 已设为 {2} {3}（用户自定义；固定值，不进行不确定性抽样）。</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="527" />
            <location filename="../core/report/assessment.py" line="330" />
            <source>user-defined</source>
            <translation>用户自定义</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="527" />
            <source>preset</source>
            <translation>预设</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="551" />
            <source>Allowed: {0} ({1}).</source>
            <translation>允许范围：{0}（{1}）。</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="391" />
            <source>User values over {0}</source>
            <translation>基于 {0} 的用户值</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="430" />
            <source>Refused: {0}</source>
            <translation>已拒绝：{0}</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="451" />
            <source>{0} {1}: valid.</source>
            <translation>{0} {1}：有效。</translation>
        </message>
        <message>
            <location filename="../ui/parameter_editor.py" line="578" />
            <source>Saved {0}.</source>
            <translation>已保存 {0}。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="134" />
            <source>The classified land-cover raster to assess (integer class codes).</source>
            <translation>待评估的土地覆被分类栅格（整数类别代码）。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="144" />
            <source>Add a raster file to the project and choose it</source>
            <translation>将栅格文件添加到项目并选中它</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="147" />
            <source>Raster:</source>
            <translation>栅格：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="150" />
            <source>Band with the class codes:</source>
            <translation>类别代码所在波段：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="158" />
            <source>Choose a land-cover raster</source>
            <translation>选择土地覆被栅格</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="159" />
            <source>Rasters (*.tif *.tiff *.img *.vrt);;All files (*)</source>
            <translation>栅格 (*.tif *.tiff *.img *.vrt);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="204" />
            <source>Choose the land-cover raster.</source>
            <translation>请选择土地覆被栅格。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="220" />
            <source>Say which raster values are mangrove, salt marsh or seagrass (and what the others are). A preset fills the table; change any row.</source>
            <translation>指定哪些栅格值属于红树林、盐沼或海草床（以及其余值属于什么）。预设会填充表格，任何一行都可修改。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="244" />
            <source>The raster's classes could not be listed; go back and choose a land-cover raster.</source>
            <translation>无法列出该栅格的类别；请返回并选择一个土地覆被栅格。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="246" />
            <source>No class is mapped to a blue-carbon ecosystem (mangrove, salt marsh or seagrass): choose the ecosystem of at least one class, or a legend preset that fits the raster.</source>
            <translation>没有类别映射到蓝碳生态系统（红树林、盐沼或海草床）：请至少为一个类别选择生态系统，或选择与该栅格匹配的图例预设。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="255" />
            <source>Optional: a polygon layer. The map is clipped and masked to it (the raster file is not changed).</source>
            <translation>可选：一个面图层。地图将按其裁剪和掩膜（栅格文件本身不会被修改）。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="262" />
            <source>Area of interest:</source>
            <translation>研究区：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="281" />
            <source>Second date</source>
            <translation>第二期</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="281" />
            <source>Optional: a land-cover map of another year on the same grid, for the carbon change between the dates and the fragmentation trend.</source>
            <translation>可选：同一格网上另一年份的土地覆被图，用于计算两期之间的碳变化和破碎化趋势。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="283" />
            <source>Compare with a second date</source>
            <translation>与第二期比较</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="292" />
            <source>Second-date raster:</source>
            <translation>第二期栅格：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="296" />
            <source>e.g. 2020</source>
            <translation>例如 2020</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="300" />
            <source>e.g. 2035</source>
            <translation>例如 2035</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="301" />
            <source>Year of the first map:</source>
            <translation>第一期地图年份：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="302" />
            <source>Year of the second map:</source>
            <translation>第二期地图年份：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="333" />
            <source>Choose the second-date raster, or untick 'Compare with a second date'.</source>
            <translation>请选择第二期栅格，或取消勾选“与第二期比较”。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="357" />
            <location filename="../core/report/assessment.py" line="590" />
            <source>Demand</source>
            <translation>需求</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="357" />
            <source>Optional: where the carbon service is used (emitting settlements, industry, ports), for the carbon flows from the patches.</source>
            <translation>可选：碳服务的使用地（排放源居民点、工业、港口），用于计算来自斑块的碳流。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="364" />
            <source>Demand units (points or polygons):</source>
            <translation>需求单元（点或面）：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="371" />
            <source>Demand field (t C/yr × coefficient):</source>
            <translation>需求字段（t C/年 × 系数）：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="372" />
            <source>Unit name field:</source>
            <translation>单元名称字段：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="377" />
            <source>or a demand raster (per cell):</source>
            <translation>或需求栅格（逐像元）：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="381" />
            <source>Coefficient (t C/yr per unit; 12/44 for t CO₂):</source>
            <translation>系数（每单位 t C/年；t CO₂ 用 12/44）：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="383" />
            <source>Decay distance λ:</source>
            <translation>衰减距离 λ：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="385" />
            <source>Maximum flow distance:</source>
            <translation>最大流动距离：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="401" />
            <source>Choose the demand field of the demand units (or a demand raster).</source>
            <translation>请选择需求单元的需求字段（或选择需求栅格）。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="409" />
            <source>Stocks and rates per ecosystem from cited presets; change a value to use your own (it is marked user-defined in every output).</source>
            <translation>各生态系统的碳储量和速率取自有文献出处的预设；修改某个值即可使用您自己的数值（所有输出中都会标注为用户自定义）。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="420" />
            <source>Depth of the edge band (0 = no edge effect); also the core-area depth</source>
            <translation>边缘带深度（0 = 无边缘效应）；同时用作核心面积的边缘深度</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="422" />
            <source>Monte Carlo draws for the 90 % intervals (0 = none)</source>
            <translation>用于计算 90% 区间的蒙特卡洛抽样次数（0 = 不计算）</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="436" />
            <source>Restoration</source>
            <translation>恢复</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="436" />
            <source>Optional: rank candidate restoration sites on the restorable classes and pick the best ones within a budget.</source>
            <translation>可选：在可恢复类别上对候选恢复地块排序，并在预算内选出最佳地块。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="438" />
            <source>Rank restoration sites and pick a portfolio</source>
            <translation>对恢复地块排序并选出恢复组合</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="449" />
            <source>Budget (area restored):</source>
            <translation>预算（恢复面积）：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="501" />
            <source>Tick at least one restorable class (e.g. tidal flats, aquaculture ponds, bare ground on the coast), or switch the restoration step off.</source>
            <translation>请至少勾选一个可恢复类别（例如潮滩、养殖塘、海岸裸地），或关闭恢复步骤。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="504" />
            <source>Give a restoration budget above 0 ha.</source>
            <translation>请给出大于 0 ha 的恢复预算。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="512" />
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="512" />
            <source>Choose where the results go and run the assessment.</source>
            <translation>选择结果的保存位置并运行评估。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="516" />
            <source>Output folder:</source>
            <translation>输出文件夹：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="518" />
            <source>Report title:</source>
            <translation>报告标题：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="527" />
            <source>Run the assessment</source>
            <translation>运行评估</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="533" />
            <source>Cancel run</source>
            <translation>取消运行</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="551" />
            <source>Open the results dashboard when done</source>
            <translation>完成后打开结果面板</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="553" />
            <source>Show results</source>
            <translation>显示结果</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="576" />
            <source>Choose the output folder.</source>
            <translation>请选择输出文件夹。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="623" />
            <source>Assess a coastal landscape</source>
            <translation>评估滨海景观</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="783" />
            <source>Running bluecarbon:blueassessment…</source>
            <translation>正在运行 bluecarbon:blueassessment…</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="799" />
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="343" />
            <source>first year</source>
            <translation>第一年份</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="343" />
            <source>second year</source>
            <translation>第二年份</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="445" />
            <source>Restorable classes (restored to mangrove):</source>
            <translation>可恢复类别（恢复为红树林）：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="567" />
            <location filename="../ui/wizard.py" line="766" />
            <source>The algorithm bluecarbon:blueassessment is not available in this version of the plugin.</source>
            <translation>此版本的插件中没有 bluecarbon:blueassessment 算法。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="850" />
            <source>Annual sequestration: &lt;b&gt;{value}&lt;/b&gt; t CO₂e/yr</source>
            <translation>年固碳量：&lt;b&gt;{value}&lt;/b&gt; t CO₂e/年</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="851" />
            <source>Carbon stock: &lt;b&gt;{value}&lt;/b&gt; t C</source>
            <translation>碳储量：&lt;b&gt;{value}&lt;/b&gt; t C</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="852" />
            <source>Blue-carbon area: &lt;b&gt;{value}&lt;/b&gt; ha</source>
            <translation>蓝碳面积：&lt;b&gt;{value}&lt;/b&gt; ha</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="853" />
            <source>Net change between the dates: &lt;b&gt;{value}&lt;/b&gt; t CO₂e</source>
            <translation>两期之间的净变化：&lt;b&gt;{value}&lt;/b&gt; t CO₂e</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="854" />
            <source>Flow delivered to demand units: &lt;b&gt;{value}&lt;/b&gt; t C/yr</source>
            <translation>输送到需求单元的流量：&lt;b&gt;{value}&lt;/b&gt; t C/年</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="865" />
            <source>Blue Carbon – {0}</source>
            <translation>蓝碳 – {0}</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="206" />
            <location filename="../ui/wizard.py" line="336" />
            <source>'{0}' is not a raster file GDAL reads; save it as a GeoTIFF first.</source>
            <translation>“{0}”不是 GDAL 可读取的栅格文件；请先将其另存为 GeoTIFF。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="212" />
            <source>{0} × {1} cells, CRS {2}</source>
            <translation>{0} × {1} 个像元，CRS {2}</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="273" />
            <source>The area of interest '{0}' has no polygon.</source>
            <translation>研究区“{0}”中没有任何面要素。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="341" />
            <source>second-date raster</source>
            <translation>第二期栅格</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="341" />
            <source>land-cover raster</source>
            <translation>土地覆盖栅格</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="424" />
            <source>Edge depth:</source>
            <translation>边缘深度：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="424" />
            <source>Edge rate factor:</source>
            <translation>边缘速率系数：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="425" />
            <source>Monte Carlo draws:</source>
            <translation>蒙特卡洛抽样次数：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="425" />
            <source>Price per t CO₂e:</source>
            <translation>每 t CO₂e 价格：</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="578" />
            <source>'{0}' is a file; choose a folder.</source>
            <translation>“{0}”是一个文件；请选择文件夹。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="581" />
            <source>The folder '{0}' is not writable.</source>
            <translation>文件夹“{0}”不可写入。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="674" />
            <source>&lt;b&gt;Land cover:&lt;/b&gt; {0} (band {1})</source>
            <translation>&lt;b&gt;土地覆被：&lt;/b&gt;{0}（波段 {1}）</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="675" />
            <source>&lt;b&gt;Blue-carbon classes:&lt;/b&gt; {0}</source>
            <translation>&lt;b&gt;蓝碳类别：&lt;/b&gt;{0}</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="676" />
            <source>&lt;b&gt;Area of interest:&lt;/b&gt; {0}</source>
            <translation>&lt;b&gt;研究区：&lt;/b&gt;{0}</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="676" />
            <source>the whole raster</source>
            <translation>整个栅格</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="828" />
            <source>The assessment was cancelled; no file was written.</source>
            <translation>评估已取消；未写入任何文件。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="829" />
            <source>The assessment failed; the log says why. No file was written.</source>
            <translation>评估失败，原因见日志。未写入任何文件。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="848" />
            <source>&lt;b&gt;Done.&lt;/b&gt; Results in {0}</source>
            <translation>&lt;b&gt;完成。&lt;/b&gt;结果位于 {0}</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="348" />
            <source>The second map holds values the first does not ({0}); they were added to the legend as not habitat. Go back to the Legend page to change them.</source>
            <translation>第二期地图包含第一期没有的栅格值（{0}）；这些值已作为非生境添加到图例中。可返回“图例”页面进行修改。</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="680" />
            <source>&lt;b&gt;Second date:&lt;/b&gt; {0} ({1} → {2})</source>
            <translation>&lt;b&gt;第二期：&lt;/b&gt;{0}（{1} → {2}）</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="683" />
            <source>&lt;b&gt;Demand:&lt;/b&gt; {0}</source>
            <translation>&lt;b&gt;需求：&lt;/b&gt;{0}</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="687" />
            <source>&lt;b&gt;Parameters:&lt;/b&gt; {0}, {1} user-defined value(s)</source>
            <translation>&lt;b&gt;参数：&lt;/b&gt;{0}，{1} 个用户自定义值</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="688" />
            <source>&lt;b&gt;Parameters:&lt;/b&gt; {0}</source>
            <translation>&lt;b&gt;参数：&lt;/b&gt;{0}</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="690" />
            <source>&lt;b&gt;Restoration:&lt;/b&gt; classes {0}, budget {1} ha</source>
            <translation>&lt;b&gt;恢复：&lt;/b&gt;类别 {0}，预算 {1} ha</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="872" />
            <source>{layer} {year}</source>
            <translation>{layer} {year}</translation>
        </message>
        <message>
            <location filename="../ui/wizard.py" line="762" />
            <source>{0}: {1}</source>
            <translation>{0}：{1}</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="164" />
            <source>Headline figures are in tonnes of CO₂ equivalent (t CO₂e = t C × 44/12), the unit of greenhouse-gas inventories and carbon prices; where the tables and the output files keep tonnes of carbon (t C: stocks, the edge effect, service flows and demand), the card gives that figure too.</source>
            <translation>关键数据以吨 CO₂ 当量表示（t CO₂e = t C × 44/12），这是温室气体清单和碳价格使用的单位；表格和输出文件中以吨碳（t C）表示的数量（碳储量、边缘效应、服务流和需求），卡片上同时给出其 t C 数值。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="48" />
            <source>Distance decay</source>
            <translation>距离衰减</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="48" />
            <source>Maximum distance (m)</source>
            <translation>最大距离（m）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="49" />
            <source>Supply (t C/yr)</source>
            <translation>供给（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="49" />
            <location filename="../core/report/assessment.py" line="50" />
            <source>Attributed to demand units (t C/yr)</source>
            <translation>归属于需求单元（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="51" />
            <source>Most the reach graph can attribute, LP optimum (t C/yr)</source>
            <translation>可达范围图最多可归属的量，线性规划最优值（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="52" />
            <source>Unallocated: no demand in reach (t C/yr)</source>
            <translation>未分配：可达范围内无需求（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="53" />
            <source>Unallocated: demand in reach saturated (t C/yr)</source>
            <translation>未分配：可达范围内需求已饱和（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="54" />
            <location filename="../core/report/assessment.py" line="667" />
            <source>Allocation</source>
            <translation>分配方式</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="55" />
            <source>Demand (t C/yr)</source>
            <translation>需求（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="56" />
            <source>Demand − supply (t C/yr)</source>
            <translation>需求 − 供给（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="56" />
            <source>Unmet demand (t C/yr)</source>
            <translation>未满足需求（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="58" />
            <source>Mean link distance, flow-weighted (m)</source>
            <translation>流动链接平均距离，按流量加权（m）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="59" />
            <source>Supply lost to the edge effect (t C/yr)</source>
            <translation>因边缘效应损失的供给（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="59" />
            <source>Links e</source>
            <translation>链接数 e</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="60" />
            <source>Link density e/(nₛn_d)</source>
            <translation>链接密度 e/(nₛn_d)</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="60" />
            <source>Kansky α</source>
            <translation>Kansky α 指数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="60" />
            <source>Kansky β</source>
            <translation>Kansky β 指数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="61" />
            <source>Kansky γ</source>
            <translation>Kansky γ 指数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="61" />
            <source>Supply nodes (patches with supply)</source>
            <translation>供给节点（有供给的斑块）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="62" />
            <source>Demand nodes (units with demand)</source>
            <translation>需求节点（有需求的单元）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="62" />
            <source>Nodes v</source>
            <translation>节点数 v</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="63" />
            <source>Components p</source>
            <translation>连通分量数 p</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="63" />
            <source>Cyclomatic number e − v + p</source>
            <translation>环路数 e − v + p</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="64" />
            <source>α of a bipartite network</source>
            <translation>二分网络的 α 指数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="66" />
            <location filename="../core/report/sensitivity_chart.py" line="36" />
            <source>Change in attributed flow (t C/yr)</source>
            <translation>归属流量变化（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="66" />
            <source>Links kept</source>
            <translation>保留的链接数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="67" />
            <source>Links lost</source>
            <translation>丧失的链接数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="67" />
            <source>Links gained</source>
            <translation>新增的链接数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="68" />
            <source>Lineages redirected</source>
            <translation>流向改变的斑块谱系数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="69" />
            <source>Patches lost</source>
            <translation>消失的斑块数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="69" />
            <source>Patches split</source>
            <translation>分裂的斑块数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="69" />
            <source>Patches merged</source>
            <translation>合并的斑块数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="70" />
            <source>Patches shrunk</source>
            <translation>缩小的斑块数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="70" />
            <source>Patches grown</source>
            <translation>扩大的斑块数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="71" />
            <source>Patches unchanged</source>
            <translation>未变化的斑块数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="71" />
            <source>Patches new</source>
            <translation>新增的斑块数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="72" />
            <source>Change in attributed flow, patches lost (t C/yr)</source>
            <translation>归属流量变化，消失的斑块（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="73" />
            <source>Change in attributed flow, patches split (t C/yr)</source>
            <translation>归属流量变化，分裂的斑块（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="74" />
            <source>Change in attributed flow, patches merged (t C/yr)</source>
            <translation>归属流量变化，合并的斑块（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="75" />
            <source>Change in attributed flow, patches shrunk (t C/yr)</source>
            <translation>归属流量变化，缩小的斑块（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="76" />
            <source>Change in attributed flow, patches grown (t C/yr)</source>
            <translation>归属流量变化，扩大的斑块（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="77" />
            <source>Change in attributed flow, patches unchanged (t C/yr)</source>
            <translation>归属流量变化，未变化的斑块（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="78" />
            <source>Change in attributed flow, new patches (t C/yr)</source>
            <translation>归属流量变化，新增的斑块（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="244" />
            <source>capped allocation</source>
            <translation>封顶分配</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="244" />
            <source>accessible-supply allocation (no capacity)</source>
            <translation>可达供给分配（无容量上限）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="245" />
            <source>aspatial allocation</source>
            <translation>非空间分配</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="300" />
            <source>Inputs</source>
            <translation>输入数据</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="348" />
            <source>Parameters and their sources</source>
            <translation>参数及其来源</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="457" />
            <location filename="../core/report/methods.py" line="81" />
            <source>Carbon sink capacity</source>
            <translation>碳汇能力</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="606" />
            <source>Carbon-sequestration service flows</source>
            <translation>固碳服务流</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="683" />
            <source>Area (cover gained, lost or converted)</source>
            <translation>面积（覆被的增加、丧失或转换）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="683" />
            <source>Edge effect</source>
            <translation>边缘效应</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="684" />
            <source>Reach (distances, barriers)</source>
            <translation>可达性（距离、阻隔）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="684" />
            <source>Saturation of the demand in reach</source>
            <translation>可达范围内需求的饱和</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="685" />
            <source>Demand (units gaining or losing demand)</source>
            <translation>需求（获得或失去需求的单元）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="685" />
            <source>Change in attributed flow</source>
            <translation>归属流量变化</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="745" />
            <source>No Monte Carlo draws were made (DRAWS = 0): the totals have no interval.</source>
            <translation>未进行蒙特卡洛抽样（DRAWS = 0）：各项总量没有不确定性区间。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="756" />
            <location filename="../core/report/methods.py" line="141" />
            <source>Uncertainty</source>
            <translation>不确定性</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="773" />
            <source>Output files</source>
            <translation>输出文件</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="782" />
            <source>Written by the Blue Carbon Landscape QGIS plugin {version} on {created}. {link}.</source>
            <translation>由蓝碳景观 QGIS 插件 {version} 于 {created} 生成。{link}。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="789" />
            <source>How this report is made</source>
            <translation>本报告的生成方法</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="172" />
            <source>per yr</source>
            <translation>/年</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="268" />
            <source>Data and study area</source>
            <translation>数据与研究区</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="368" />
            <source>Class metrics of the blue-carbon classes: area and density (FRAGSTATS definitions)</source>
            <translation>蓝碳类别的类别指数：面积和密度（FRAGSTATS 定义）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="369" />
            <source>Class metrics of the blue-carbon classes: shape, isolation and aggregation</source>
            <translation>蓝碳类别的类别指数：形状、隔离度和聚集度</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="379" />
            <source>CA class area, PLAND share of the landscape, NP number of patches, PD patch density, LPI largest patch index, ED edge density, AREA_MN / AREA_AM mean and area-weighted mean patch area, SHAPE_MN mean shape index, ENN_MN mean nearest-neighbour distance, CAI_MN mean core-area index, COHESION patch cohesion, DIVISION landscape division, MESH effective mesh size, AI aggregation index; CONTAG contagion, PR patch richness, SHDI/SHEI Shannon diversity/evenness, SIDI Simpson diversity.</source>
            <translation>CA 类别面积，PLAND 占景观面积百分比，NP 斑块数量，PD 斑块密度，LPI 最大斑块指数，ED 边缘密度，AREA_MN / AREA_AM 平均斑块面积与面积加权平均斑块面积，SHAPE_MN 平均形状指数，ENN_MN 平均最近邻距离，CAI_MN 平均核心面积指数，COHESION 斑块结合度，DIVISION 景观分割度，MESH 有效网格大小，AI 聚集度指数；CONTAG 蔓延度，PR 斑块丰富度，SHDI/SHEI 香农多样性/均匀度，SIDI 辛普森多样性。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="407" />
            <source>Patches</source>
            <translation>斑块数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="407" />
            <location filename="../core/report/assessment.py" line="641" />
            <location filename="../core/report/assessment.py" line="288" />
            <location filename="../core/report/assessment.py" line="568" />
            <source>Area</source>
            <translation>面积</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="408" />
            <source>Edge area</source>
            <translation>边缘面积</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="408" />
            <source>Stock</source>
            <translation>碳储量</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="409" />
            <source>Stock, 90 % interval</source>
            <translation>碳储量 90% 区间</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="410" />
            <location filename="../core/report/assessment.py" line="411" />
            <source>Sequestration</source>
            <translation>固碳量</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="410" />
            <location filename="../core/report/assessment.py" line="413" />
            <location filename="../core/report/assessment.py" line="627" />
            <location filename="../core/report/assessment.py" line="721" />
            <location filename="../core/report/assessment.py" line="563" />
            <location filename="../core/report/assessment.py" line="590" />
            <location filename="../core/report/assessment.py" line="591" />
            <location filename="../core/report/assessment.py" line="592" />
            <location filename="../core/report/assessment.py" line="689" />
            <location filename="../core/report/assessment.py" line="187" />
            <location filename="../core/report/assessment.py" line="224" />
            <location filename="../core/report/assessment.py" line="565" />
            <location filename="../core/report/assessment.py" line="566" />
            <location filename="../core/report/assessment.py" line="596" />
            <location filename="../core/report/assessment.py" line="646" />
            <location filename="../core/report/assessment.py" line="200" />
            <location filename="../core/report/assessment.py" line="569" />
            <location filename="../core/report/assessment.py" line="569" />
            <location filename="../core/report/assessment.py" line="677" />
            <location filename="../core/report/charts.py" line="468" />
            <source>t C/yr</source>
            <translation>t C/年</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="411" />
            <location filename="../core/report/assessment.py" line="412" />
            <location filename="../core/report/assessment.py" line="627" />
            <location filename="../core/report/assessment.py" line="719" />
            <location filename="../core/report/assessment.py" line="185" />
            <location filename="../core/report/assessment.py" line="223" />
            <location filename="../core/report/assessment.py" line="642" />
            <location filename="../core/report/assessment.py" line="198" />
            <source>t CO₂e/yr</source>
            <translation>t CO₂e/年</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="412" />
            <source>Sequestration, 90 % interval</source>
            <translation>固碳量 90% 区间</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="413" />
            <source>Loss to edge effect</source>
            <translation>边缘效应损失</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="444" />
            <source>Carbon stock and annual sequestration per ecosystem</source>
            <translation>各生态系统的碳储量与年固碳量</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="445" />
            <source>Carbon stock and annual sequestration per ecosystem, {date}</source>
            <translation>各生态系统的碳储量与年固碳量，{date}</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="474" />
            <location filename="../core/report/assessment.py" line="490" />
            <source>Period</source>
            <translation>时段</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="474" />
            <source>Length (years)</source>
            <translation>年数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="474" />
            <location filename="../core/report/assessment.py" line="490" />
            <source>Driven by</source>
            <translation>驱动因素</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="475" />
            <location filename="../core/report/charts.py" line="372" />
            <source>Accumulation</source>
            <translation>累积量</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="475" />
            <location filename="../core/report/charts.py" line="373" />
            <source>Emissions</source>
            <translation>排放量</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="476" />
            <source>Net sequestration</source>
            <translation>净固碳量</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="477" />
            <source>Net, 90 % interval</source>
            <translation>净固碳量 90% 区间</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="487" />
            <source>Accumulate</source>
            <translation>累积</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="487" />
            <source>Low-impact disturbance</source>
            <translation>低强度干扰</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="488" />
            <source>Medium-impact disturbance</source>
            <translation>中强度干扰</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="488" />
            <source>High-impact disturbance</source>
            <translation>高强度干扰</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="489" />
            <source>No carbon change</source>
            <translation>无碳变化</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="527" />
            <source>Flows, supply and demand are in t C/yr, the unit of the demand data and of the flow files; multiply by 44/12 for t CO₂e/yr, the unit of the key figures.</source>
            <translation>流量、供给和需求以 t C/年表示，这是需求数据和流量文件的单位；乘以 44/12 即得关键数据所用的 t CO₂e/年。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="530" />
            <source>Flows are attributed to the demand units by a convention of local offsetting: CO₂ uptake benefits everyone through the atmosphere, and nothing is transported.</source>
            <translation>流量按本地抵消的约定归属于需求单元：CO₂ 吸收通过大气惠及所有人，并无实际输送。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="615" />
            <source>Candidate sites are the restorable cells grouped into areas, each restored to the target ecosystem. Gains: annual sequestration at the restored rate, the rise of the equivalent connected area EC(PC) of the habitat network and, with demand units, the rise of the flow attributed to them. Rank 1 has the highest score; the portfolio picks, within the budget, the site with the largest marginal gain per hectare, recomputing the gains after each pick.</source>
            <translation>候选地块由可恢复像元组合而成，每个地块都恢复为目标生态系统。增益包括：按恢复速率计算的年固碳量、生境网络等效连通面积 EC(PC) 的增加，以及（提供需求单元时）归因于需求单元的服务流的增加。排名 1 的得分最高；恢复组合在预算内反复选取单位公顷边际增益最大的地块，每次选入后重新计算各项增益。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="624" />
            <source>Candidate sites</source>
            <translation>候选地块</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="637" />
            <source>Restoration portfolio</source>
            <translation>恢复组合</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="668" />
            <source>Attributed to demand units</source>
            <translation>归属于需求单元</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="669" />
            <source>Most the reach graph can attribute (LP optimum)</source>
            <translation>可达范围图最多可归属的量（线性规划最优值）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="670" />
            <location filename="../core/report/charts.py" line="477" />
            <source>Unallocated: no demand in reach</source>
            <translation>未分配：可达范围内无需求</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="671" />
            <location filename="../core/report/charts.py" line="480" />
            <source>Unallocated: demand in reach saturated</source>
            <translation>未分配：可达范围内需求已饱和</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="691" />
            <source>Why the attributed flow changed between the dates: order-averaged counterfactual runs (flow_decomposition.csv)</source>
            <translation>两期之间归属流量为何变化：顺序平均的反事实运行（flow_decomposition.csv）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="719" />
            <location filename="../core/report/assessment.py" line="184" />
            <source>Annual sequestration</source>
            <translation>年固碳量</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="720" />
            <location filename="../core/report/assessment.py" line="188" />
            <source>Carbon stock</source>
            <translation>碳储量</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="721" />
            <source>Loss to the edge effect</source>
            <translation>边缘效应损失</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="784" />
            <source>Written by the Blue Carbon Landscape QGIS plugin {version}. {link}.</source>
            <translation>由蓝碳景观 QGIS 插件 {version} 生成。{link}。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="819" />
            <source>Methods</source>
            <translation>方法</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="192" />
            <source>patches</source>
            <translation>个斑块</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="212" />
            <source>accumulation − emissions</source>
            <translation>累积量 − 排放量</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="285" />
            <source>Blue carbon</source>
            <translation>蓝碳</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="346" />
            <source>Parameter tables, merged in this order (later ones win):</source>
            <translation>参数表按以下顺序合并（后者优先）：</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="389" />
            <source>Patch-size distribution of the blue-carbon ecosystems: number of patches per size class (left) and the cumulative share of each ecosystem's area held in patches up to a size (right).</source>
            <translation>蓝碳生态系统的斑块面积分布：各面积等级的斑块数量（左），以及各生态系统面积中位于不超过某一面积的斑块内的累计比例（右）。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="417" />
            <source>Value, 90 % interval</source>
            <translation>价值 90% 区间</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="446" />
            <source>90 % interval: 5th–95th percentile of the Monte Carlo draws ({draws} draws, seed {seed}); “no uncertainty sourced” where no parameter of the total has a range, – where no draws were made. Sequestration is given in t C/yr, the unit of the parameter tables, and in t CO₂e/yr (× 44/12), the unit of emission inventories and prices.</source>
            <translation>90% 区间：蒙特卡洛抽样的第 5–95 百分位数（{draws} 次抽样，随机种子 {seed}）；总量的参数均无范围时标为“无不确定性来源”，未抽样时为 –。固碳量同时以 t C/年（参数表的单位）和 t CO₂e/年（× 44/12，排放清单和价格的单位）给出。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="455" />
            <source>Area and annual sequestration per ecosystem; error bars: 90 % Monte Carlo interval.</source>
            <translation>各生态系统的面积与年固碳量；误差线：蒙特卡洛 90% 区间。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="480" />
            <source>NPV</source>
            <translation>净现值（NPV）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="481" />
            <source>NPV, 90 % interval</source>
            <translation>净现值 90% 区间</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="483" />
            <source>Accumulation, emissions, net sequestration and value per period</source>
            <translation>各时段的累积量、排放量、净固碳量与价值</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="495" />
            <source>Only the baseline period was computed: a change between the maps takes effect in the year of the later map, so its emissions and accumulation show only in the periods after it. Give an analysis year after the last map to follow them.</source>
            <translation>仅计算了基准时段：两期地图之间的变化在较晚一期地图的年份生效，因此其排放量与累积量只体现在该年份之后的时段中。请设置晚于最后一期地图的分析年份，以追踪这些变化。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="513" />
            <source>Accumulation, emissions and net sequestration per period (t CO₂e); the diamond's bar is the 90 % interval.</source>
            <translation>各时段的累积量、排放量与净固碳量（t CO₂e）；菱形标记上的误差线为 90% 区间。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="518" />
            <source>Total carbon stock of the map at the start of each year.</source>
            <translation>每年年初整幅地图的碳储量总量。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="536" />
            <source>Attributed flow and unallocated supply</source>
            <translation>归属流量与未分配供给</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="546" />
            <source>Indicator</source>
            <translation>指标</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="563" />
            <source>Unallocated</source>
            <translation>未分配</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="591" />
            <location filename="../core/report/assessment.py" line="569" />
            <source>Attributed</source>
            <translation>归属量</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="592" />
            <source>Balance</source>
            <translation>盈亏</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="593" />
            <source>Demand met</source>
            <translation>需求满足率</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="593" />
            <source>Patches serving</source>
            <translation>供给斑块数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="603" />
            <source>Patches with the most flow attributed to the demand units, with their unallocated supply (no demand in reach, or the demand in reach saturated).</source>
            <translation>归属于需求单元流量最多的斑块，及其未分配供给（可达范围内无需求，或可达范围内需求已饱和）。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="629" />
            <source>Portfolio area</source>
            <translation>组合面积</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="630" />
            <source>Sequestration gain of the portfolio</source>
            <translation>组合的固碳增益</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="632" />
            <source>EC(PC) gain of the portfolio</source>
            <translation>组合的 EC(PC) 增益</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="641" />
            <source>Rank</source>
            <translation>排名</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="641" />
            <source>Site</source>
            <translation>地块</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="642" />
            <source>Sequestration gain</source>
            <translation>固碳增益</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="643" />
            <source>EC(PC) gain</source>
            <translation>EC(PC) 增益</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="644" />
            <source>Connector share of dPC</source>
            <translation>dPC 中的连接者分量</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="649" />
            <source>Score</source>
            <translation>得分</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="649" />
            <source>Pareto</source>
            <translation>Pareto</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="649" />
            <source>Pick</source>
            <translation>选入次序</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="658" />
            <source>Cumulative gains of the restoration portfolio against the area spent: where the curves flatten, more budget buys little.</source>
            <translation>恢复组合的累计增益随已用面积的变化：曲线变平之处，追加预算收效甚微。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="689" />
            <source>Channel</source>
            <translation>通道</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="689" />
            <location filename="../core/report/assessment.py" line="548" />
            <source>Change</source>
            <translation>变化</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="690" />
            <source>Share of the change</source>
            <translation>占变化的比例</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="735" />
            <source>Net change of the stock</source>
            <translation>碳储量净变化</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="740" />
            <source>{draws} Monte Carlo draws (seed {seed}); {drawn} of the {rows} parameter rows have a range and were drawn, {fixed} are fixed.</source>
            <translation>蒙特卡洛抽样 {draws} 次（随机种子 {seed}）；{rows} 行参数中有 {drawn} 行带有范围并参与抽样，{fixed} 行为固定值。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="774" />
            <source>Every table and map of this report comes from these files, in the same folder as the report:</source>
            <translation>本报告中的所有表格和地图均来自以下文件，它们与报告位于同一文件夹：</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="786" />
            <source>Written by the Blue Carbon Landscape QGIS plugin on {created}. {link}.</source>
            <translation>由蓝碳景观 QGIS 插件于 {created} 生成。{link}。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="788" />
            <source>Written by the Blue Carbon Landscape QGIS plugin. {link}.</source>
            <translation>由蓝碳景观 QGIS 插件生成。{link}。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="824" />
            <source>Created</source>
            <translation>创建时间</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="826" />
            <source>Plugin version</source>
            <translation>插件版本</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="184" />
            <source>Annual sequestration ({date})</source>
            <translation>年固碳量（{date}）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="188" />
            <source>Carbon stock ({date})</source>
            <translation>碳储量（{date}）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="191" />
            <source>Blue-carbon patches ({date})</source>
            <translation>蓝碳斑块数（{date}）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="193" />
            <source>Blue-carbon area</source>
            <translation>蓝碳面积</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="193" />
            <source>Blue-carbon area ({date})</source>
            <translation>蓝碳面积（{date}）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="197" />
            <source>Sequestration lost to patch edges</source>
            <translation>因斑块边缘效应损失的固碳量</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="202" />
            <source>Value of the annual sequestration</source>
            <translation>年固碳量的价值</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="222" />
            <source>Flow attributed to demand units</source>
            <translation>归属于需求单元的流量</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="222" />
            <source>Flow attributed to demand units ({date})</source>
            <translation>归属于需求单元的流量（{date}）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="237" />
            <source>at most {value} t C/yr can be attributed within reach (LP optimum)</source>
            <translation>可达范围内最多可归属 {value} t C/年（线性规划最优值）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="240" />
            <source>unallocated: {none} t C/yr with no demand in reach, {full} t C/yr where the demand in reach is saturated</source>
            <translation>未分配：可达范围内无需求 {none} t C/年，可达范围内需求已饱和 {full} t C/年</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="289" />
            <source>Classes of the map and their ecosystems (legend)</source>
            <translation>地图类别及其生态系统（图例）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="292" />
            <source>Legend: {legend}. Source: {source}. Classes marked as blue carbon are assessed for their sink.</source>
            <translation>图例：{legend}。来源：{source}。标记为蓝碳的类别将评估其碳汇。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="295" />
            <source>Legend: {legend}. Classes marked as blue carbon are assessed for their sink.</source>
            <translation>图例：{legend}。标记为蓝碳的类别将评估其碳汇。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="315" />
            <source>Settings of this run</source>
            <translation>本次运行的设置</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="338" />
            <source>Carbon parameters used (ecosystems of the map)</source>
            <translation>所用碳参数（地图中的生态系统）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="366" />
            <location filename="../core/report/assessment.py" line="375" />
            <location filename="../core/report/assessment.py" line="585" />
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="378" />
            <source>Landscape metrics (all classes)</source>
            <translation>景观指数（全部类别）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="399" />
            <source>Fragmentation metrics of the blue-carbon classes at both dates.</source>
            <translation>两期蓝碳类别的破碎化指数。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="427" />
            <location filename="../core/report/assessment.py" line="468" />
            <location filename="../core/report/assessment.py" line="749" />
            <location filename="../core/report/i18n.py" line="72" />
            <source>Total</source>
            <translation>合计</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="492" />
            <source>Area changing class at the start of each period, by carbon action</source>
            <translation>各时段初发生类别转换的面积（按碳变化类型）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="507" />
            <source>From</source>
            <translation>起始</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="507" />
            <source>To</source>
            <translation>结束</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="550" />
            <source>Flow totals and network indices</source>
            <translation>流量总计与网络指数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="565" />
            <source>Unallocated, no demand in reach</source>
            <translation>未分配，可达范围内无需求</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="566" />
            <source>Unallocated, demand saturated</source>
            <translation>未分配，需求已饱和</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="595" />
            <source>Departure from aspatial</source>
            <translation>相对非空间分配的偏离</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="598" />
            <source>First {n} of {total} units; all are in {file}.</source>
            <translation>仅列出 {total} 个单元中的前 {n} 个；全部单元见 {file}。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="600" />
            <source>Demand units and their balance</source>
            <translation>需求单元及其供需盈亏</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="635" />
            <source>Flow gain of the portfolio</source>
            <translation>组合的服务流增益</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="646" />
            <source>Flow gain</source>
            <translation>服务流增益</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="648" />
            <source>Cost</source>
            <translation>成本</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="654" />
            <source>Pareto 1: no other site is at least as good in every gain (and cost). Pick: the site's place in the portfolio (0 = not picked).</source>
            <translation>Pareto 为 1：没有其他地块在每项增益（及成本）上都不差于它。选入次序：地块在组合中的位置（0 = 未选入）。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="708" />
            <location filename="../core/report/assessment.py" line="709" />
            <source>Date {n}</source>
            <translation>日期 {n}</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="737" />
            <source>Net present value</source>
            <translation>净现值</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="753" />
            <source>Uncertainty of the totals</source>
            <translation>总量的不确定性</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="754" />
            <source>Central value: from the parameters' central values. Half-width: (p95 − p05) / 2 relative to it.</source>
            <translation>中心值：由各参数的中心值计算。半宽：(p95 − p05) / 2 相对于中心值的比例。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="209" />
            <source>Net change of the stock ({start}–{end})</source>
            <translation>碳储量净变化（{start}–{end}）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="228" />
            <source>Share of demand met ({date})</source>
            <translation>需求满足比例（{date}）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="288" />
            <source>Area {date}</source>
            <translation>面积 {date}</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="310" />
            <source>you</source>
            <translation>您</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="310" />
            <source>default</source>
            <translation>默认</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="313" />
            <source>Setting</source>
            <translation>设置项</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="314" />
            <source>Set by</source>
            <translation>设定者</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="337" />
            <source>User-defined</source>
            <translation>用户自定义</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="510" />
            <source>Where the blue-carbon classes went (transition areas)</source>
            <translation>蓝碳类别的去向（转换面积）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="568" />
            <source>Patch</source>
            <translation>斑块</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="569" />
            <source>Supply</source>
            <translation>供给</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="570" />
            <source>Units served</source>
            <translation>服务单元数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="571" />
            <source>Main unit</source>
            <translation>主要受益单元</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="571" />
            <source>Mean distance</source>
            <translation>平均距离</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="731" />
            <source>{quantity}, {date}</source>
            <translation>{quantity}，{date}</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="749" />
            <source>Central value</source>
            <translation>中心值</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="750" />
            <source>Monte Carlo mean</source>
            <translation>蒙特卡洛均值</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="750" />
            <source>5th percentile</source>
            <translation>第 5 百分位数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="751" />
            <source>95th percentile</source>
            <translation>第 95 百分位数</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="752" />
            <source>Half-width</source>
            <translation>半宽</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="752" />
            <source>% of central</source>
            <translation>占中心值 %</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="215" />
            <source>Net present value ({start}–{end})</source>
            <translation>净现值（{start}–{end}）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="340" />
            <source>Confirmed: the value was checked against its source. User-defined rows (highlighted) come from your own parameter table, not from a shipped preset. The full table, every ecosystem, is in {file}.</source>
            <translation>已核实：该数值已与其来源核对。用户自定义行（高亮显示）来自您自己的参数表，而非插件自带的预设。包含所有生态系统的完整参数表见 {file}。</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="573" />
            <source>The {n} patches with the most flow attributed to demand units (of {total})</source>
            <translation>归属于需求单元流量最多的 {n} 个斑块（共 {total} 个）</translation>
        </message>
        <message>
            <location filename="../core/report/assessment.py" line="652" />
            <source>The {n} highest-ranked restoration sites (of {total})</source>
            <translation>排名最高的 {n} 个恢复地块（共 {total} 个）</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="279" />
            <location filename="../core/report/charts.py" line="283" />
            <source>Patch area (ha, log scale)</source>
            <translation>斑块面积（ha，对数刻度）</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="280" />
            <source>Number of patches</source>
            <translation>斑块数量</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="281" />
            <source>Patches per size class</source>
            <translation>各面积等级的斑块数</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="284" />
            <source>Share of area in patches ≤ x (%)</source>
            <translation>面积 ≤ x 的斑块所占面积比例（%）</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="285" />
            <source>Cumulative share of area</source>
            <translation>面积累计比例</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="381" />
            <source>t CO₂e per period</source>
            <translation>每时段 t CO₂e</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="409" />
            <source>Year (stock at its start)</source>
            <translation>年份（年初碳储量）</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="210" />
            <source>Area (ha)</source>
            <translation>面积（ha）</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="212" />
            <source>Annual sequestration (t CO₂e/yr), 90 % interval</source>
            <translation>年固碳量（t CO₂e/年），90% 区间</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="375" />
            <source>Net sequestration (90 % interval)</source>
            <translation>净固碳量（90% 区间）</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="408" />
            <source>Total stock</source>
            <translation>碳储量总量</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="407" />
            <location filename="../core/report/document.py" line="137" />
            <location filename="../core/report/document.py" line="227" />
            <source>90 % interval</source>
            <translation>90% 区间</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="474" />
            <source>Attributed to demand units: {ecosystem}</source>
            <translation>归属于需求单元：{ecosystem}</translation>
        </message>
        <message>
            <location filename="../core/report/charts.py" line="478" />
            <source>Unallocated (no unit in reach)</source>
            <translation>未分配（最大距离内无需求单元）</translation>
        </message>
        <message>
            <location filename="../core/report/document.py" line="134" />
            <source>Blue Carbon Landscape · assessment report</source>
            <translation>蓝碳景观 · 评估报告</translation>
        </message>
        <message>
            <location filename="../core/report/document.py" line="135" />
            <source>Key figures</source>
            <translation>关键数据</translation>
        </message>
        <message>
            <location filename="../core/report/document.py" line="136" />
            <source>Contents</source>
            <translation>目录</translation>
        </message>
        <message>
            <location filename="../core/report/formatting.py" line="68" />
            <source>no uncertainty sourced</source>
            <translation>无不确定性来源</translation>
        </message>
        <message>
            <location filename="../core/report/i18n.py" line="64" />
            <source>Mangrove</source>
            <translation>红树林</translation>
        </message>
        <message>
            <location filename="../core/report/i18n.py" line="65" />
            <source>Salt marsh</source>
            <translation>盐沼</translation>
        </message>
        <message>
            <location filename="../core/report/i18n.py" line="66" />
            <source>Seagrass</source>
            <translation>海草床</translation>
        </message>
        <message>
            <location filename="../core/report/i18n.py" line="67" />
            <source>Tidal flat</source>
            <translation>潮滩</translation>
        </message>
        <message>
            <location filename="../core/report/i18n.py" line="68" />
            <source>Other wetland</source>
            <translation>其他湿地</translation>
        </message>
        <message>
            <location filename="../core/report/i18n.py" line="69" />
            <source>Open water</source>
            <translation>开阔水域</translation>
        </message>
        <message>
            <location filename="../core/report/i18n.py" line="70" />
            <source>Not habitat</source>
            <translation>非生境</translation>
        </message>
        <message>
            <location filename="../core/report/i18n.py" line="71" />
            <source>Unclassified</source>
            <translation>未分类</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="143" />
            <source>Each parameter with a published range is drawn from its distribution (normal: value ± sd; uniform: low–high; triangular: low, value, high; lognormal), seeded, clipped to its allowed range; every total is computed for all draws and reported with its Monte Carlo mean and the central 90 % interval (5th–95th percentile). Rows marked &lt;i&gt;fixed&lt;/i&gt; are not drawn. Areas come from the map and are not drawn: map errors are not part of the intervals.</source>
            <translation>每个具有已发表范围的参数均按其分布抽样（正态：value ± sd；均匀：low–high；三角：low、value、high；对数正态），使用固定随机种子，并截断至其允许范围；每项总量针对全部抽样分别计算，并报告其蒙特卡洛均值和中心 90% 区间（第 5–95 百分位数）。标记为 &lt;i&gt;fixed&lt;/i&gt; 的行不参与抽样。面积来自地图，不参与抽样：地图误差不包含在区间内。</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="150" />
            <source>References</source>
            <translation>参考文献</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="100" />
            <source>No edge effect was modelled (edge factor 1 or edge depth 0): effective area = area.</source>
            <translation>未模拟边缘效应（边缘因子为 1 或边缘深度为 0）：有效面积 = 面积。</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="124" />
            <source>Carbon-sequestration service flow</source>
            <translation>固碳服务流</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="58" />
            <source>The assessment runs the plugin's Processing algorithms one after the other on the same land-cover map (clipped to the area of interest when one is given) and collects their outputs; every number in this report is read back from the files listed at its end. Details: {link}.</source>
            <translation>评估在同一幅土地覆被地图上（若指定了研究区，则先裁剪至研究区）依次运行插件的各个 Processing 算法并汇总其输出；本报告中的每个数字都读取自报告末尾列出的文件。详见：{link}。</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="66" />
            <source>Patches are groups of connected cells of one class (8-neighbour rule unless stated otherwise). Metrics follow the FRAGSTATS 4 definitions ({link}), with true cell areas (geodesic on a geographic CRS). For class &lt;i&gt;i&lt;/i&gt; with patches of area &lt;i&gt;a&lt;sub&gt;ij&lt;/sub&gt;&lt;/i&gt; in a landscape of area &lt;i&gt;A&lt;/i&gt;:</source>
            <translation>斑块是同一类别中相互连通的像元组（除非另有说明，采用 8 邻域规则）。各指数遵循 FRAGSTATS 4 的定义（{link}），并使用真实像元面积（地理坐标 CRS 下按测地线计算）。设类别 &lt;i&gt;i&lt;/i&gt; 的斑块面积为 &lt;i&gt;a&lt;sub&gt;ij&lt;/sub&gt;&lt;/i&gt;，景观面积为 &lt;i&gt;A&lt;/i&gt;：</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="83" />
            <source>For every blue-carbon ecosystem &lt;i&gt;e&lt;/i&gt; (the legend says which classes are mangrove, salt marsh or seagrass) and each of its patches, from the parameter table listed above ({sink_link}, {parameters_link}):</source>
            <translation>对每个蓝碳生态系统 &lt;i&gt;e&lt;/i&gt;（由图例指定哪些类别属于红树林、盐沼或海草床）及其每个斑块，依据上文列出的参数表（{sink_link}、{parameters_link}）计算：</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="94" />
            <source>effective area = core area + f × edge area; loss to the edge effect = (1 − f) × edge area × rate</source>
            <translation>有效面积 = 核心面积 + f × 边缘面积；边缘效应损失 = (1 − f) × 边缘面积 × 速率</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="61" />
            <source>the assessment page</source>
            <translation>评估说明页面</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="69" />
            <source>metric reference</source>
            <translation>指数说明</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="78" />
            <source>CORE&lt;sub&gt;ij&lt;/sub&gt; = area farther than the edge depth from another class</source>
            <translation>CORE&lt;sub&gt;ij&lt;/sub&gt; = 与其他类别的距离超过边缘深度的面积</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="85" />
            <source>sink capacity</source>
            <translation>碳汇能力</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="86" />
            <source>parameter tables</source>
            <translation>参数表</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="90" />
            <source>stock&lt;sub&gt;p&lt;/sub&gt; (t C) = area (ha) × stock density&lt;sub&gt;p,e&lt;/sub&gt; (t C/ha), for the pools above- and belowground biomass, litter and soil</source>
            <translation>碳储量&lt;sub&gt;p&lt;/sub&gt;（t C）= 面积（ha）× 碳密度&lt;sub&gt;p,e&lt;/sub&gt;（t C/ha），碳库包括地上生物量、地下生物量、凋落物和土壤</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="92" />
            <source>sequestration (t C/yr) = effective area × Σ accumulation rates&lt;sub&gt;e&lt;/sub&gt; (t C/ha/yr); t CO₂e = t C × 44/12</source>
            <translation>固碳量（t C/年）= 有效面积 × Σ 累积速率&lt;sub&gt;e&lt;/sub&gt;（t C/ha/年）；t CO₂e = t C × 44/12</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="106" />
            <source>Bookkeeping of InVEST Coastal Blue Carbon ({link}). A change a → b at the snapshot year s takes effect on 1 January of s with the action of the transition table; a disturbance releases a share M of the stock S of pool p, decaying with the half-life H of the source class's pool:</source>
            <translation>采用 InVEST Coastal Blue Carbon 的碳账户核算方法（{link}）。快照年份 s 的变化 a → b 于 s 年 1 月 1 日按转换表中的行为生效；一次干扰释放碳库 p 的碳储量 S 中比例为 M 的部分，并按源类别该碳库的半衰期 H 衰减：</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="126" />
            <source>Supply S&lt;sub&gt;i&lt;/sub&gt; of each patch is its annual sequestration (edge effect included); demand D&lt;sub&gt;j&lt;/sub&gt; comes from the demand layer; flows follow a gravity model with distance decay ({link}):</source>
            <translation>每个斑块的供给 S&lt;sub&gt;i&lt;/sub&gt; 为其年固碳量（已计入边缘效应）；需求 D&lt;sub&gt;j&lt;/sub&gt; 来自需求图层；流量遵循带距离衰减的引力模型（{link}）：</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="109" />
            <source>carbon change</source>
            <translation>碳变化</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="128" />
            <source>service flow</source>
            <translation>服务流</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="74" />
            <source>(per 100 ha)</source>
            <translation>（每 100 ha）</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="116" />
            <source>net sequestration = accumulation − emissions</source>
            <translation>净固碳量 = 累积量 − 排放量</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="118" />
            <source>price</source>
            <translation>价格</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="133" />
            <source>or</source>
            <translation>或</translation>
        </message>
        <message>
            <location filename="../core/report/methods.py" line="133" />
            <source>for d ≤ d&lt;sub&gt;max&lt;/sub&gt;</source>
            <translation>（d ≤ d&lt;sub&gt;max&lt;/sub&gt; 时）</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="29" />
            <source>Attributed flow (t C/yr)</source>
            <translation>归属流（t C/yr）</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="31" />
            <source>Change in attributed flow: area channel (t C/yr)</source>
            <translation>归属流变化：面积通道（t C/yr）</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="32" />
            <source>Change in attributed flow: edge channel (t C/yr)</source>
            <translation>归属流变化：边缘通道（t C/yr）</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="33" />
            <source>Change in attributed flow: reach channel (t C/yr)</source>
            <translation>归属流变化：可达通道（t C/yr）</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="34" />
            <source>Change in attributed flow: saturation channel (t C/yr)</source>
            <translation>归属流变化：饱和通道（t C/yr）</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="35" />
            <source>Change in attributed flow: demand channel (t C/yr)</source>
            <translation>归属流变化：需求通道（t C/yr）</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="43" />
            <source>Decay distance λ (or 1/β)</source>
            <translation>衰减距离 λ（或 1/β）</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="43" />
            <source>Maximum distance d_max</source>
            <translation>最大距离 d_max</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="44" />
            <source>Edge factor</source>
            <translation>边缘因子</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="46" />
            <source>Resistance: {ecosystem}</source>
            <translation>阻力：{ecosystem}</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="80" />
            <source>Share of the output's variance</source>
            <translation>占输出方差的比例</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="85" />
            <source>Per whole range of the factor, in the output's unit</source>
            <translation>因子整个范围内的变化，以输出的单位计</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="76" />
            <source>First-order index S1</source>
            <translation>一阶指数 S1</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="78" />
            <source>Total index ST</source>
            <translation>总效应指数 ST</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="83" />
            <source>μ* (mean |elementary effect|)</source>
            <translation>μ*（|基本效应| 的均值）</translation>
        </message>
        <message>
            <location filename="../core/report/sensitivity_chart.py" line="84" />
            <source>σ (spread of the effects)</source>
            <translation>σ（效应的离散程度）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="152" />
            <source>QGIS style of the raster of the same name</source>
            <translation>同名栅格的 QGIS 样式</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="153" />
            <source>charts and maps of this report (PNG)</source>
            <translation>本报告的图表和地图（PNG）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="80" />
            <source>this report</source>
            <translation>本报告</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="82" />
            <source>the carbon parameter table used, with sources</source>
            <translation>所用的碳参数表（含来源）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="84" />
            <source>patches of the blue-carbon classes with their FRAGSTATS metrics (styled by area)</source>
            <translation>蓝碳类别的斑块及其 FRAGSTATS 指数（按面积配色）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="88" />
            <source>class metrics of every class</source>
            <translation>所有类别的类别指数</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="90" />
            <source>landscape metrics</source>
            <translation>景观指数</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="92" />
            <source>stocks and sequestration per ecosystem, with 90 % intervals</source>
            <translation>各生态系统的碳储量和固碳量（含 90% 区间）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="94" />
            <source>blue-carbon patches with their stocks and sequestration</source>
            <translation>蓝碳斑块及其碳储量和固碳量</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="97" />
            <source>sequestration rate (t C/ha/yr) and amount per cell (t C/yr)</source>
            <translation>逐像元的固碳速率（t C/ha/年）和固碳量（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="100" />
            <source>accumulation, emissions, net sequestration and NPV per period</source>
            <translation>各时段的累积量、排放量、净固碳量和净现值（NPV）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="102" />
            <source>carbon stocks per year</source>
            <translation>逐年碳储量</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="104" />
            <source>transition areas (ha)</source>
            <translation>转换面积（ha）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="106" />
            <source>the transition table used (editable)</source>
            <translation>所用的转换表（可编辑）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="108" />
            <source>net sequestration per period and total (t C/ha)</source>
            <translation>各时段及总计的净固碳量（t C/ha）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="109" />
            <source>Net sequestration between the dates (t C/ha)</source>
            <translation>两期之间的净固碳量（t C/ha）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="111" />
            <source>accumulation per period and total (t C/ha)</source>
            <translation>各时段及总计的累积量（t C/ha）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="112" />
            <source>Accumulation (t C/ha)</source>
            <translation>累积量（t C/ha）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="114" />
            <source>emissions per period and total (t C/ha)</source>
            <translation>各时段及总计的排放量（t C/ha）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="115" />
            <source>Emissions (t C/ha)</source>
            <translation>排放量（t C/ha）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="117" />
            <source>stock gain or loss over the whole run (t C/ha)</source>
            <translation>整个分析期内的碳储量增减（t C/ha）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="118" />
            <source>Stock gain or loss (t C/ha)</source>
            <translation>碳储量增减（t C/ha）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="120" />
            <source>flow links patch → demand unit (t C/yr)</source>
            <translation>流动链接：斑块 → 需求单元（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="121" />
            <source>Carbon flows, patch → demand unit (t C/yr)</source>
            <translation>碳流（斑块 → 需求单元，t C/年）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="123" />
            <source>supply and delivered flow per patch</source>
            <translation>各斑块的供给和输送流量</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="125" />
            <source>demand, received flow and balance per unit</source>
            <translation>各需求单元的需求、接收流量和供需平衡</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="127" />
            <source>flow totals and network indices</source>
            <translation>流量总计和网络指数</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="129" />
            <source>supply–demand balance and ESDR</source>
            <translation>供需平衡和 ESDR</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="130" />
            <source>Supply–demand balance (t C/yr)</source>
            <translation>供需平衡（t C/年）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="132" />
            <source>demand units with their balance</source>
            <translation>需求单元及其供需平衡</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="135" />
            <source>patch changes between the dates and their flows</source>
            <translation>两期之间的斑块变化及其流量</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="137" />
            <source>change in attributed flow between the dates by channel: area, edge, reach, saturation, demand</source>
            <translation>两期之间按通道分解的归属流量变化：面积、边缘、可达性、饱和、需求</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="140" />
            <source>candidate restoration sites with their gains, rank, Pareto flag and portfolio pick</source>
            <translation>候选恢复地块及其增益、排名、Pareto 标记和组合选入次序</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="142" />
            <source>Restoration sites (ranked)</source>
            <translation>恢复地块（已排序）</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="144" />
            <source>the greedy restoration portfolio: sites picked and cumulative gains against the budget</source>
            <translation>贪心恢复组合：选入的地块及累计增益随预算的变化</translation>
        </message>
        <message>
            <location filename="../core/results.py" line="85" />
            <source>Blue-carbon patches with fragmentation metrics</source>
            <translation>蓝碳斑块及其破碎化指数</translation>
        </message>
        <message>
            <source>The flow-link layer could not be created. Fix: choose another output.</source>
            <translation type="vanished">无法创建流动链接图层。解决办法：选择其他输出。</translation>
        </message>
        <message>
            <source>The route layer could not be created. Fix: choose another output.</source>
            <translation type="vanished">无法创建路径图层。解决办法：选择其他输出。</translation>
        </message>
        <message>
            <source>The demand-unit layer could not be created. Fix: choose another output.</source>
            <translation type="vanished">无法创建需求单元图层。解决办法：选择其他输出。</translation>
        </message>
        <message>
            <source>Writing the flow links failed. Fix: check the output folder.</source>
            <translation type="vanished">写入流动链接失败。解决办法：检查输出文件夹。</translation>
        </message>
        <message>
            <source>Writing the routes failed. Fix: check the output folder.</source>
            <translation type="vanished">写入路径失败。解决办法：检查输出文件夹。</translation>
        </message>
        <message>
            <source>Writing the demand units failed. Fix: check the output folder.</source>
            <translation type="vanished">写入需求单元失败。解决办法：检查输出文件夹。</translation>
        </message>
        <message>
            <source>The corridor layer could not be created. Fix: choose another output.</source>
            <translation type="vanished">无法创建廊道图层。解决办法：选择其他输出。</translation>
        </message>
        <message>
            <source>Writing the corridors failed. Fix: check the output folder.</source>
            <translation type="vanished">写出廊道失败。解决办法：检查输出文件夹。</translation>
        </message>
        <message>
            <source>The site layer could not be created. Fix: choose another output.</source>
            <translation type="vanished">无法创建地块图层。解决：选择其他输出。</translation>
        </message>
        <message>
            <source>Writing the sites failed. Fix: check the output folder.</source>
            <translation type="vanished">写入地块失败。解决：检查输出文件夹。</translation>
        </message>
        <message>
            <source>The patch layer could not be created. Fix: choose another output.</source>
            <translation type="vanished">无法创建斑块图层。解决办法：选择其他输出。</translation>
        </message>
        <message>
            <source>Writing the patch layer failed. Fix: check the output folder has free space.</source>
            <translation type="vanished">写入斑块图层失败。解决办法：检查输出文件夹是否有剩余空间。</translation>
        </message>
        <message>
            <source>&lt;p&gt;Groups the restorable cells (the named restorable classes, by default tidal flats, aquaculture ponds, salt pans and
bare intertidal classes of the legend, or the cells equal to 1 of a suitability raster) into candidate sites: connected
areas (8-rule), cut by a regular grid above the maximum size, dropped below the minimum size. For every site restored to
the target ecosystem:&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Sequestration gain&lt;/b&gt; = area × the restored-cell rate of the target ecosystem from the carbon parameter table
(t C/yr and t CO₂e/yr).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;EC(PC) gain&lt;/b&gt; (ha): the site joins the habitat network as a new node (edge-to-edge distances,
p = exp(−k d), p at the threshold distance); PC is updated exactly through the new node. dPC of the site and its
intra, flux and connector parts (the connector part is what it adds between its neighbours).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Flow gain&lt;/b&gt; (with demand units or a demand raster, the carbon-service flow's parameters): the rise of
the total flow attributed to the demand units (t C/yr) when the site's cells become sources at the restored rate, by
the flow's allocation (capped by default: the rise of the largest deliverable amount).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Cost&lt;/b&gt;: a cost raster summed over the site, or a cost per ha × area (optional).&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Score = weighted sum of the gains divided by their maxima; rank 1 is best. Pareto = no other site is at least as
good in every gain and cost. Portfolio: repeatedly the site with the largest marginal gain per ha (or per money) that
fits in the budget, with the EC and flow gains recomputed after each pick. Outputs: site polygons with every gain,
score, rank, pareto and in_portfolio; the portfolio table (pick order, cumulative area, cost, gains); a chart of the
cumulative gain against the budget.&lt;/p&gt;</source>
            <translation type="vanished">&lt;p&gt;把可恢复的像元（所列的可恢复类别，默认为图例中的潮滩、养殖塘、盐田和裸露潮间带类别；或适宜性栅格中等于 1 的像元）组合为候选恢复地块：连通区域（8 邻域），超过最大面积时按规则格网切分，小于最小面积的舍去。对恢复为目标生态系统的每个地块计算：&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;固碳增益&lt;/b&gt; = 面积 × 碳参数表中目标生态系统“恢复”像元的速率（t C/年 和 t CO₂e/年）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;EC(PC) 增益&lt;/b&gt;（ha）：地块作为新节点加入生境网络（边到边距离，p = exp(−k d)，p 为阈值距离处的概率）；PC 经由新节点精确更新。给出地块的 dPC 及其 intra、flux、connector 分量（connector 分量即它在邻近斑块之间增加的连接）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;服务流增益&lt;/b&gt;（提供需求单元或需求栅格时，使用碳服务流的参数）：地块像元以恢复速率成为供给源后，归因于需求单元的总服务流（t C/年）的增加，按服务流的分配方法计算（默认为有上限分配：即最大可输送量的增加）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;成本&lt;/b&gt;：成本栅格在地块内求和，或每公顷成本 × 面积（可选）。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;得分 = 各增益除以其最大值后的加权和；排名 1 为最佳。Pareto = 没有其他地块在每项增益和成本上都不差于它。组合：反复选择在剩余预算内、单位面积（或单位资金）边际增益最大的地块，每次选入后重新计算 EC 增益和服务流增益。输出：带有各项增益、得分、排名、pareto 和 in_portfolio 的地块面；组合表（选入顺序、累计面积、成本、增益）；累计增益随预算变化的图表。&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Threshold (dispersal) distance (m)</source>
            <translation type="vanished">阈值（扩散）距离（m）</translation>
        </message>
        <message>
            <source>&lt;p&gt;Runs the whole Blue Carbon chain on one classified land-cover map and writes every result, and an HTML
report, into one folder:&lt;/p&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;Fragmentation&lt;/b&gt; (bluecarbon:patchfragmentation): patches of the blue-carbon classes with FRAGSTATS
metrics, class and landscape tables;&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Sink capacity&lt;/b&gt; (bluecarbon:sinkcapacity): stocks and annual sequestration per ecosystem and patch,
edge effect, Monte Carlo 90 % intervals, value at the given price;&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Change&lt;/b&gt; (bluecarbon:carbonchange, with a second-date map and the two years): accumulation,
conversion emissions, net sequestration and NPV (InVEST Coastal Blue Carbon equations); fragmentation and
sink are also computed for the second date;&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Service flow&lt;/b&gt; (bluecarbon:carbonserviceflow, with a demand layer or raster): supply per patch,
gravity flows to the demand units, balance and network indices;&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Report&lt;/b&gt;: report.html with inputs, parameters and their sources, tables, charts, maps rendered by
QGIS, uncertainty ranges and a methods section; it prints to PDF from a browser. By default (SINGLE_FILE) the
charts and maps are embedded in the page, so report.html alone is the whole report; the PNG files are also
kept in report_files/.&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;An area of interest clips and masks the map first (nodata outside; the input files are not changed).
Files have fixed names (patches.gpkg, class_metrics.csv, sink_capacity.csv, change_periods.csv,
flow_links.gpkg, report.html, …); second-date fragmentation and sink files end in _&amp;lt;year&amp;gt;. Everything is
written to a staging folder and moved into OUTPUT_FOLDER at the end: an error or a cancellation leaves no
file behind. Parameter presets are merged in order (later ones win), then your own table.&lt;/p&gt;</source>
            <translation type="vanished">&lt;p&gt;在一幅土地覆被分类图上运行完整的蓝碳分析流程，并将所有结果及一份 HTML
报告写入同一个文件夹：&lt;/p&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;破碎化&lt;/b&gt;（bluecarbon:patchfragmentation）：蓝碳类别的斑块及其 FRAGSTATS
指数、类别指数表和景观指数表；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;碳汇能力&lt;/b&gt;（bluecarbon:sinkcapacity）：各生态系统和各斑块的碳储量与年固碳量、
边缘效应、蒙特卡洛 90% 区间，以及按给定价格计算的价值；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;碳变化&lt;/b&gt;（bluecarbon:carbonchange，需提供第二期地图和两个年份）：累积量、
转换排放量、净固碳量和净现值（NPV）（InVEST Coastal Blue Carbon 方程）；第二期也会计算
破碎化和碳汇；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;服务流&lt;/b&gt;（bluecarbon:carbonserviceflow，需提供需求图层或需求栅格）：各斑块的供给、
到需求单元的引力模型流量、供需平衡和网络指数；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;报告&lt;/b&gt;：report.html，包含输入数据、参数及其来源、表格、图表、由
QGIS 渲染的地图、不确定性范围和方法说明；可在浏览器中打印为 PDF。默认（SINGLE_FILE）图表和地图嵌入页面，
仅 report.html 一个文件即为完整报告；PNG 文件也保留在 report_files/ 中。&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;如提供研究区，将先按其裁剪和掩膜地图（范围外为无数据；输入文件不会被修改）。
输出文件名固定（patches.gpkg、class_metrics.csv、sink_capacity.csv、change_periods.csv、
flow_links.gpkg、report.html 等）；第二期的破碎化和碳汇文件以 _&amp;lt;年份&amp;gt; 结尾。所有文件先写入
临时暂存文件夹，最后再移动到 OUTPUT_FOLDER：出错或取消时不会留下任何
文件。参数预设按顺序合并（靠后的优先），然后再合并您自己的参数表。&lt;/p&gt;</translation>
        </message>
        <message>
            <source>&lt;p&gt;Groups the restorable cells (the named restorable classes, by default tidal flats, aquaculture ponds, salt pans and
bare intertidal classes of the legend, or the cells equal to 1 of a suitability raster) into candidate sites: connected
areas (8-rule), cut by a regular grid above the maximum size, dropped below the minimum size. For every site restored to
the target ecosystem:&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Sequestration gain&lt;/b&gt; = area × the restored-cell rate of the target ecosystem from the carbon parameter table
(t C/yr and t CO₂e/yr).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;EC(PC) gain&lt;/b&gt; (ha): the site joins the habitat network as a new node (edge-to-edge distances,
p = exp(−k d), p at the threshold distance); PC is updated exactly through the new node. dPC of the site and its
intra, flux and connector parts (the connector part is what it adds between its neighbours).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Cost&lt;/b&gt;: a cost raster summed over the site, or a cost per ha × area (optional).&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Score = weighted sum of the gains divided by their maxima; rank 1 is best. Pareto = no other site is at least as
good in every gain and cost. Portfolio: repeatedly the site with the largest marginal gain per ha (or per money) that
fits in the budget, with the EC gains recomputed after each pick. Outputs: site polygons with every gain, score, rank,
pareto and in_portfolio; the portfolio table (pick order, cumulative area, cost, gains); a chart of the cumulative gain
against the budget. The gain in carbon-service flow is not computed yet.&lt;/p&gt;</source>
            <translation type="vanished">&lt;p&gt;把可恢复的像元（所列的可恢复类别，默认为图例中的潮滩、养殖塘、盐田和裸露潮间带类别；或适宜性栅格中等于 1 的像元）组合为候选恢复地块：连通区域（8 邻域），超过最大面积时按规则格网切分，小于最小面积的舍去。对恢复为目标生态系统的每个地块计算：&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;固碳增益&lt;/b&gt; = 面积 × 碳参数表中目标生态系统“恢复”像元的速率（t C/年 和 t CO₂e/年）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;EC(PC) 增益&lt;/b&gt;（ha）：地块作为新节点加入生境网络（边到边距离，p = exp(−k d)，p 为阈值距离处的概率）；PC 经由新节点精确更新。给出地块的 dPC 及其 intra、flux、connector 分量（connector 分量即它在邻近斑块之间增加的连接）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;成本&lt;/b&gt;：成本栅格在地块内求和，或每公顷成本 × 面积（可选）。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;得分 = 各增益除以其最大值后的加权和；排名 1 为最佳。Pareto = 没有其他地块在每项增益和成本上都不差于它。组合：反复选择在剩余预算内、单位面积（或单位资金）边际增益最大的地块，每次选入后重新计算 EC 增益。输出：带有各项增益、得分、排名、pareto 和 in_portfolio 的地块面；组合表（选入顺序、累计面积、成本、增益）；累计增益随预算变化的图表。碳服务流增益尚未计算。&lt;/p&gt;</translation>
        </message>
        <message>
            <source>The gain in carbon-service flow to demand units is not computed yet.</source>
            <translation type="vanished">尚未计算对需求单元的碳服务流增益。</translation>
        </message>
        <message>
            <source>Demand coefficient: t C/yr per unit of the field or raster value (12/44 = 0.2727 for t CO₂)</source>
            <translation type="vanished">需求系数：字段值或栅格值每单位对应的 t C/年（t CO₂ 用 12/44 = 0.2727）</translation>
        </message>
        <message>
            <source>&lt;p&gt;Where the carbon taken up by each mangrove, salt-marsh or seagrass patch "goes": which demand units
(emitting settlements, industry, ports) each patch serves, how strongly, and how fragmentation breaks the links
(after the coastal study of Acta Geographica Sinica 2024, 79(1): 114-133; SPAN framework of Bagstad et al. 2013).&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Supply&lt;/b&gt; S&lt;sub&gt;i&lt;/sub&gt; (t C/yr) of patch i: annual sequestration from the sink engine (same patches and
ids as bluecarbon:patchfragmentation), effective area = core + f × edge area when an edge band is given, so
supply falls as patches fragment.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Demand&lt;/b&gt; D&lt;sub&gt;j&lt;/sub&gt; (t C/yr) of unit j: a numeric field of a point or polygon layer, or a demand
raster (emissions, or night-time light) summed into the units' polygons, the points' nearest-point regions, or grid
cells of the chosen size; both × the coefficient (e.g. 12/44 for t CO₂).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Flow attributed to the units&lt;/b&gt; (a convention of local offsetting: CO₂ uptake benefits everyone through
the atmosphere; nothing is transported). Allocation (advanced): &lt;i&gt;capped&lt;/i&gt; (default) attributes F&lt;sub&gt;ij&lt;/sub&gt;
in proportion to D&lt;sub&gt;j&lt;/sub&gt; f(d&lt;sub&gt;ij&lt;/sub&gt;) with Σ&lt;sub&gt;j&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt; ≤ S&lt;sub&gt;i&lt;/sub&gt; and
Σ&lt;sub&gt;i&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt; ≤ D&lt;sub&gt;j&lt;/sub&gt;, as much as the reach graph can carry (the LP optimum); &lt;i&gt;accessible
supply&lt;/i&gt; is the first model, F&lt;sub&gt;ij&lt;/sub&gt; = S&lt;sub&gt;i&lt;/sub&gt; D&lt;sub&gt;j&lt;/sub&gt; f(d&lt;sub&gt;ij&lt;/sub&gt;) /
Σ&lt;sub&gt;k&lt;/sub&gt; D&lt;sub&gt;k&lt;/sub&gt; f(d&lt;sub&gt;ik&lt;/sub&gt;) without capacity; &lt;i&gt;aspatial&lt;/i&gt;: every patch serves every unit in
proportion to its demand. Only pairs with d ≤ d&lt;sub&gt;max&lt;/sub&gt; count; f(d) = exp(−d/λ) or
(d + d&lt;sub&gt;0&lt;/sub&gt;)&lt;sup&gt;−β&lt;/sup&gt;, or given by meaning: weight p at distance d&lt;sub&gt;ref&lt;/sub&gt;. Sources are cells
(default: the result does not depend on how cells are grouped into patches) or patches. Supply not attributed is
&lt;i&gt;unallocated&lt;/i&gt;, split into "no demand in reach" and "demand in reach saturated": S = Σ F + U.
d&lt;sub&gt;ij&lt;/sub&gt;: straight line, or least cost over a resistance grid from the land cover (class → resistance CSV;
cost = step length × mean resistance, 8 neighbours; distances in cost-metres).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Balance&lt;/b&gt; of unit j: R&lt;sub&gt;j&lt;/sub&gt; = Σ&lt;sub&gt;i&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt;, B&lt;sub&gt;j&lt;/sub&gt; = R&lt;sub&gt;j&lt;/sub&gt; − D&lt;sub&gt;j&lt;/sub&gt;,
ESDR&lt;sub&gt;j&lt;/sub&gt; = (R&lt;sub&gt;j&lt;/sub&gt; − D&lt;sub&gt;j&lt;/sub&gt;) / ((R&lt;sub&gt;max&lt;/sub&gt; + D&lt;sub&gt;max&lt;/sub&gt;)/2);
share of demand met = Σ min(R&lt;sub&gt;j&lt;/sub&gt;, D&lt;sub&gt;j&lt;/sub&gt;) / Σ D&lt;sub&gt;j&lt;/sub&gt;.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Network&lt;/b&gt; (patches with supply + units with demand, links with F &amp;gt; 0): link density
e/(n&lt;sub&gt;s&lt;/sub&gt;n&lt;sub&gt;d&lt;/sub&gt;), Kansky's α = (e − v + p)/(2v − 5), β = e/v, γ = e/(3(v − 2)).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Two dates&lt;/b&gt; (optional second raster on the same grid, optionally with its own demand): patches matched
by overlap; links kept, lost, gained; patches lost, split, merged, shrunk, grown, new; and the change in attributed
flow split into area, edge, reach, saturation and demand channels (order-averaged counterfactual runs).&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Outputs: flow lines (patch point → unit point, width by flow), patch, demand and network tables (CSV), balance
raster (balance and ESDR). λ, β, d&lt;sub&gt;0&lt;/sub&gt;, d&lt;sub&gt;max&lt;/sub&gt; and the resistances are your choices: the defaults
only make the tool run.&lt;/p&gt;
&lt;p&gt;References: Bagstad K.J. et al. (2013) Ecosystem Services 4: 117-125; Kansky K.J. (1963) Structure of
transportation networks, Univ. Chicago; Li J. et al. (2016) Ecological Indicators 60: 1008-1016 (ESDR).&lt;/p&gt;</source>
            <translation type="vanished">&lt;p&gt;每个红树林、盐沼或海草床斑块吸收的碳“流向”何处：每个斑块服务于哪些需求单元
（排放源居民点、工业、港口）、服务强度如何，以及破碎化如何切断这些联系
（参照 Acta Geographica Sinica 2024, 79(1): 114-133 的滨海研究；Bagstad et al. 2013 的 SPAN 框架）。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;斑块 i 的&lt;b&gt;供给&lt;/b&gt; S&lt;sub&gt;i&lt;/sub&gt;（t C/年）：由碳汇引擎计算的年固碳量（斑块及其
ID 与 bluecarbon:patchfragmentation 相同）；给定边缘带时，有效面积 = 核心面积 + f × 边缘面积，因此
斑块破碎化时供给随之下降。&lt;/li&gt;
&lt;li&gt;单元 j 的&lt;b&gt;需求&lt;/b&gt; D&lt;sub&gt;j&lt;/sub&gt;（t C/年）：点或面图层的某个数值字段，或需求
栅格（排放量或夜间灯光）汇总到各单元的面、各点的最近点区域（泰森多边形）或所选大小的格网
单元中；两者均乘以系数（例如 t CO₂ 用 12/44）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;归属于需求单元的流量&lt;/b&gt;（一种本地抵消的约定：CO₂ 吸收通过大气惠及所有人；并无实际输送）。分配方式（高级）：
&lt;i&gt;封顶&lt;/i&gt;（默认）按 D&lt;sub&gt;j&lt;/sub&gt; f(d&lt;sub&gt;ij&lt;/sub&gt;) 的比例归属 F&lt;sub&gt;ij&lt;/sub&gt;，满足 Σ&lt;sub&gt;j&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt; ≤ S&lt;sub&gt;i&lt;/sub&gt; 且
Σ&lt;sub&gt;i&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt; ≤ D&lt;sub&gt;j&lt;/sub&gt;，并达到可达范围图所能承载的最大量（线性规划最优值）；&lt;i&gt;可达供给&lt;/i&gt;为最初的模型，
F&lt;sub&gt;ij&lt;/sub&gt; = S&lt;sub&gt;i&lt;/sub&gt; D&lt;sub&gt;j&lt;/sub&gt; f(d&lt;sub&gt;ij&lt;/sub&gt;) / Σ&lt;sub&gt;k&lt;/sub&gt; D&lt;sub&gt;k&lt;/sub&gt; f(d&lt;sub&gt;ik&lt;/sub&gt;)，不设容量上限；
&lt;i&gt;非空间&lt;/i&gt;：每个斑块按需求比例服务于每个单元。只计入 d ≤ d&lt;sub&gt;max&lt;/sub&gt; 的配对；f(d) = exp(−d/λ) 或
(d + d&lt;sub&gt;0&lt;/sub&gt;)&lt;sup&gt;−β&lt;/sup&gt;，或按含义给定：距离 d&lt;sub&gt;ref&lt;/sub&gt; 处的权重为 p。源为像元（默认：结果与像元如何归并为斑块无关）或斑块。
未归属的供给为&lt;i&gt;未分配&lt;/i&gt;，分为“可达范围内无需求”和“可达范围内需求已饱和”：S = Σ F + U。
d&lt;sub&gt;ij&lt;/sub&gt;：直线距离，或在由土地覆被生成的阻力栅格上的最小成本距离（类别 → 阻力 CSV；
成本 = 步长 × 平均阻力，8 邻域；距离单位为成本米）。&lt;/li&gt;
&lt;li&gt;单元 j 的&lt;b&gt;平衡&lt;/b&gt;：R&lt;sub&gt;j&lt;/sub&gt; = Σ&lt;sub&gt;i&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt;，B&lt;sub&gt;j&lt;/sub&gt; = R&lt;sub&gt;j&lt;/sub&gt; − D&lt;sub&gt;j&lt;/sub&gt;，
ESDR&lt;sub&gt;j&lt;/sub&gt; = (R&lt;sub&gt;j&lt;/sub&gt; − D&lt;sub&gt;j&lt;/sub&gt;) / ((R&lt;sub&gt;max&lt;/sub&gt; + D&lt;sub&gt;max&lt;/sub&gt;)/2)；
需求满足比例 = Σ min(R&lt;sub&gt;j&lt;/sub&gt;, D&lt;sub&gt;j&lt;/sub&gt;) / Σ D&lt;sub&gt;j&lt;/sub&gt;。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;网络&lt;/b&gt;（有供给的斑块 + 有需求的单元，F &amp;gt; 0 的链接）：链接密度
e/(n&lt;sub&gt;s&lt;/sub&gt;n&lt;sub&gt;d&lt;/sub&gt;)，Kansky 的 α = (e − v + p)/(2v − 5)，β = e/v，γ = e/(3(v − 2))。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;两期&lt;/b&gt;（可选的同一格网上的第二期栅格，可带其自身的需求）：按重叠匹配斑块；链接分为保留、消失、
新增；斑块分为消失、分裂、合并、缩小、扩大、新增；并将归属流量的变化分解为面积、边缘、可达性、饱和与需求通道（顺序平均的反事实运行）。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;输出：流动线（斑块点 → 单元点，线宽表示流量），斑块表、需求表和网络表（CSV），平衡
栅格（平衡值和 ESDR）。λ、β、d&lt;sub&gt;0&lt;/sub&gt;、d&lt;sub&gt;max&lt;/sub&gt; 和阻力值需由您自行确定：默认值
仅用于让工具能够运行。&lt;/p&gt;
&lt;p&gt;参考文献：Bagstad K.J. et al. (2013) Ecosystem Services 4: 117-125; Kansky K.J. (1963) Structure of
transportation networks, Univ. Chicago; Li J. et al. (2016) Ecological Indicators 60: 1008-1016 (ESDR).&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Geographic CRS: areas are geodesic; distances (ENN, GYRATE, core depth, PROX, window radius) use the metre scale at the map's centre. Reproject to a projected CRS for exact distances.</source>
            <translation type="vanished">地理 CRS：面积为测地线面积；距离（ENN、GYRATE、核心深度、PROX、窗口半径）使用地图中心处的米制比例。如需精确距离，请重投影到投影 CRS。</translation>
        </message>
        <message>
            <source>&lt;p&gt;Where the carbon taken up by each mangrove, salt-marsh or seagrass patch "goes": which demand units
(emitting settlements, industry, ports) each patch serves, how strongly, and how fragmentation breaks the links
(after the coastal study of Acta Geographica Sinica 2024, 79(1): 114-133; SPAN framework of Bagstad et al. 2013).&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Supply&lt;/b&gt; S&lt;sub&gt;i&lt;/sub&gt; (t C/yr) of patch i: annual sequestration from the sink engine (same patches and
ids as bluecarbon:patchfragmentation), effective area = core + f × edge area when an edge band is given, so
supply falls as patches fragment.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Demand&lt;/b&gt; D&lt;sub&gt;j&lt;/sub&gt; (t C/yr) of unit j: a numeric field of a point or polygon layer, or a demand
raster (emissions, or night-time light) summed into the units' polygons, the points' nearest-point regions, or grid
cells of the chosen size; both × the coefficient (e.g. 12/44 for t CO₂).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Flow&lt;/b&gt; (gravity model): F&lt;sub&gt;ij&lt;/sub&gt; = S&lt;sub&gt;i&lt;/sub&gt; D&lt;sub&gt;j&lt;/sub&gt; f(d&lt;sub&gt;ij&lt;/sub&gt;) /
Σ&lt;sub&gt;k&lt;/sub&gt; D&lt;sub&gt;k&lt;/sub&gt; f(d&lt;sub&gt;ik&lt;/sub&gt;) over the units with d&lt;sub&gt;ik&lt;/sub&gt; ≤ d&lt;sub&gt;max&lt;/sub&gt;;
f(d) = exp(−d/λ) or (d + d&lt;sub&gt;0&lt;/sub&gt;)&lt;sup&gt;−β&lt;/sup&gt;. A patch with no unit in reach sends nothing: its supply is
&lt;i&gt;unallocated&lt;/i&gt;, so S = Σ F + U. d&lt;sub&gt;ij&lt;/sub&gt;: straight line from the unit's point to the nearest cell centre
of the patch (0 inside it), or least cost over a resistance grid from the land cover (class → resistance CSV;
cost = step length × mean resistance, 8 neighbours; distances in cost-metres).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Balance&lt;/b&gt; of unit j: R&lt;sub&gt;j&lt;/sub&gt; = Σ&lt;sub&gt;i&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt;, B&lt;sub&gt;j&lt;/sub&gt; = R&lt;sub&gt;j&lt;/sub&gt; − D&lt;sub&gt;j&lt;/sub&gt;,
ESDR&lt;sub&gt;j&lt;/sub&gt; = (R&lt;sub&gt;j&lt;/sub&gt; − D&lt;sub&gt;j&lt;/sub&gt;) / ((R&lt;sub&gt;max&lt;/sub&gt; + D&lt;sub&gt;max&lt;/sub&gt;)/2);
share of demand met = Σ min(R&lt;sub&gt;j&lt;/sub&gt;, D&lt;sub&gt;j&lt;/sub&gt;) / Σ D&lt;sub&gt;j&lt;/sub&gt;.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Network&lt;/b&gt; (patches with supply + units with demand, links with F &amp;gt; 0): link density
e/(n&lt;sub&gt;s&lt;/sub&gt;n&lt;sub&gt;d&lt;/sub&gt;), Kansky's α = (e − v + p)/(2v − 5), β = e/v, γ = e/(3(v − 2)).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Two dates&lt;/b&gt; (optional second raster on the same grid): patches matched by overlap; links kept, lost,
gained; patches lost, split, merged, shrunk, grown, new; the change in delivered flow attributed to each.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Outputs: flow lines (patch point → unit point, width by flow), patch, demand and network tables (CSV), balance
raster (balance and ESDR). λ, β, d&lt;sub&gt;0&lt;/sub&gt;, d&lt;sub&gt;max&lt;/sub&gt; and the resistances are your choices: the defaults
only make the tool run.&lt;/p&gt;
&lt;p&gt;References: Bagstad K.J. et al. (2013) Ecosystem Services 4: 117-125; Kansky K.J. (1963) Structure of
transportation networks, Univ. Chicago; Li J. et al. (2016) Ecological Indicators 60: 1008-1016 (ESDR).&lt;/p&gt;</source>
            <translation type="vanished">&lt;p&gt;每个红树林、盐沼或海草床斑块吸收的碳“流向”何处：每个斑块服务于哪些需求单元
（排放源居民点、工业、港口）、服务强度如何，以及破碎化如何切断这些联系
（参照 Acta Geographica Sinica 2024, 79(1): 114-133 的滨海研究；Bagstad et al. 2013 的 SPAN 框架）。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;斑块 i 的&lt;b&gt;供给&lt;/b&gt; S&lt;sub&gt;i&lt;/sub&gt;（t C/年）：由碳汇引擎计算的年固碳量（斑块及其
ID 与 bluecarbon:patchfragmentation 相同）；给定边缘带时，有效面积 = 核心面积 + f × 边缘面积，因此
斑块破碎化时供给随之下降。&lt;/li&gt;
&lt;li&gt;单元 j 的&lt;b&gt;需求&lt;/b&gt; D&lt;sub&gt;j&lt;/sub&gt;（t C/年）：点或面图层的某个数值字段，或需求
栅格（排放量或夜间灯光）汇总到各单元的面、各点的最近点区域（泰森多边形）或所选大小的格网
单元中；两者均乘以系数（例如 t CO₂ 用 12/44）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;流量&lt;/b&gt;（引力模型）：F&lt;sub&gt;ij&lt;/sub&gt; = S&lt;sub&gt;i&lt;/sub&gt; D&lt;sub&gt;j&lt;/sub&gt; f(d&lt;sub&gt;ij&lt;/sub&gt;) /
Σ&lt;sub&gt;k&lt;/sub&gt; D&lt;sub&gt;k&lt;/sub&gt; f(d&lt;sub&gt;ik&lt;/sub&gt;)，对 d&lt;sub&gt;ik&lt;/sub&gt; ≤ d&lt;sub&gt;max&lt;/sub&gt; 的单元求和；
f(d) = exp(−d/λ) 或 (d + d&lt;sub&gt;0&lt;/sub&gt;)&lt;sup&gt;−β&lt;/sup&gt;。最大距离内没有需求单元的斑块不输出任何流量：其供给为
&lt;i&gt;未分配&lt;/i&gt;，因此 S = Σ F + U。d&lt;sub&gt;ij&lt;/sub&gt;：从单元的点到斑块最近像元中心的直线距离
（位于斑块内部时为 0），或在由土地覆被生成的阻力栅格上的最小成本距离（类别 → 阻力 CSV；
成本 = 步长 × 平均阻力，8 邻域；距离单位为成本米）。&lt;/li&gt;
&lt;li&gt;单元 j 的&lt;b&gt;平衡&lt;/b&gt;：R&lt;sub&gt;j&lt;/sub&gt; = Σ&lt;sub&gt;i&lt;/sub&gt; F&lt;sub&gt;ij&lt;/sub&gt;，B&lt;sub&gt;j&lt;/sub&gt; = R&lt;sub&gt;j&lt;/sub&gt; − D&lt;sub&gt;j&lt;/sub&gt;，
ESDR&lt;sub&gt;j&lt;/sub&gt; = (R&lt;sub&gt;j&lt;/sub&gt; − D&lt;sub&gt;j&lt;/sub&gt;) / ((R&lt;sub&gt;max&lt;/sub&gt; + D&lt;sub&gt;max&lt;/sub&gt;)/2)；
需求满足比例 = Σ min(R&lt;sub&gt;j&lt;/sub&gt;, D&lt;sub&gt;j&lt;/sub&gt;) / Σ D&lt;sub&gt;j&lt;/sub&gt;。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;网络&lt;/b&gt;（有供给的斑块 + 有需求的单元，F &amp;gt; 0 的链接）：链接密度
e/(n&lt;sub&gt;s&lt;/sub&gt;n&lt;sub&gt;d&lt;/sub&gt;)，Kansky 的 α = (e − v + p)/(2v − 5)，β = e/v，γ = e/(3(v − 2))。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;两期&lt;/b&gt;（可选的同一格网上的第二期栅格）：按重叠匹配斑块；链接分为保留、消失、
新增；斑块分为消失、分裂、合并、缩小、扩大、新增；并将输送流量的变化归因到每一类变化。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;输出：流动线（斑块点 → 单元点，线宽表示流量），斑块表、需求表和网络表（CSV），平衡
栅格（平衡值和 ESDR）。λ、β、d&lt;sub&gt;0&lt;/sub&gt;、d&lt;sub&gt;max&lt;/sub&gt; 和阻力值需由您自行确定：默认值
仅用于让工具能够运行。&lt;/p&gt;
&lt;p&gt;参考文献：Bagstad K.J. et al. (2013) Ecosystem Services 4: 117-125; Kansky K.J. (1963) Structure of
transportation networks, Univ. Chicago; Li J. et al. (2016) Ecological Indicators 60: 1008-1016 (ESDR).&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Delivered flow (t C/yr)</source>
            <translation type="vanished">输送流量（t C/年）</translation>
        </message>
        <message>
            <source>Supply {0:,.2f} t C/yr: delivered {1:,.2f}, unallocated {2:,.2f}; demand {3:,.1f} t C/yr, {4:.1%} met; {5:.0f} links.</source>
            <translation type="vanished">供给 {0:,.2f} t C/年：已输送 {1:,.2f}，未分配 {2:,.2f}；需求 {3:,.1f} t C/年，满足 {4:.1%}；{5:.0f} 条链接。</translation>
        </message>
        <message>
            <source>Top patches by delivered flow</source>
            <translation type="vanished">输送流量最大的斑块</translation>
        </message>
        <message>
            <source>Delivered (t C/yr)</source>
            <translation type="vanished">输送流量（t C/年）</translation>
        </message>
        <message>
            <source>Delivered change (t C/yr)</source>
            <translation type="vanished">输送流量变化（t C/年）</translation>
        </message>
        <message>
            <source>Delivered change lost (t C/yr)</source>
            <translation type="vanished">消失斑块的输送流量变化（t C/年）</translation>
        </message>
        <message>
            <source>Delivered change split (t C/yr)</source>
            <translation type="vanished">分裂斑块的输送流量变化（t C/年）</translation>
        </message>
        <message>
            <source>Delivered change merged (t C/yr)</source>
            <translation type="vanished">合并斑块的输送流量变化（t C/年）</translation>
        </message>
        <message>
            <source>Delivered change shrunk (t C/yr)</source>
            <translation type="vanished">缩小斑块的输送流量变化（t C/年）</translation>
        </message>
        <message>
            <source>Delivered change grown (t C/yr)</source>
            <translation type="vanished">扩大斑块的输送流量变化（t C/年）</translation>
        </message>
        <message>
            <source>Delivered change unchanged (t C/yr)</source>
            <translation type="vanished">未变化斑块的输送流量变化（t C/年）</translation>
        </message>
        <message>
            <source>Delivered change new (t C/yr)</source>
            <translation type="vanished">新增斑块的输送流量变化（t C/年）</translation>
        </message>
        <message>
            <source>Received</source>
            <translation type="vanished">接收量</translation>
        </message>
        <message>
            <source>Patches delivering the most to the demand units, with the supply no unit could use.</source>
            <translation type="vanished">向需求单元输送最多的斑块，以及没有需求单元可利用的供给。</translation>
        </message>
        <message>
            <source>Flow delivered to demand units</source>
            <translation type="vanished">输送至需求单元的流量</translation>
        </message>
        <message>
            <source>Flow delivered to demand units ({date})</source>
            <translation type="vanished">输送至需求单元的流量（{date}）</translation>
        </message>
        <message>
            <source>Delivered</source>
            <translation type="vanished">输送流量</translation>
        </message>
        <message>
            <source>The {n} patches delivering the most (of {total})</source>
            <translation type="vanished">输送流量最多的 {n} 个斑块（共 {total} 个）</translation>
        </message>
        <message>
            <source>Delivered to demand units: {ecosystem}</source>
            <translation type="vanished">输送到需求单元：{ecosystem}</translation>
        </message>
        <message>
            <source>Unit name field</source>
            <translation type="vanished">单元名称字段</translation>
        </message>
        <message>
            <source>Demand coefficient (t C/yr per unit of the field or raster; 12/44 for t CO₂)</source>
            <translation type="vanished">需求系数（字段值或栅格值每单位对应的 t C/年；t CO₂ 用 12/44）</translation>
        </message>
        <message>
            <source>Demand grid cell size (m; a demand raster without units)</source>
            <translation type="vanished">需求格网单元大小（m；用于没有需求单元的需求栅格）</translation>
        </message>
        <message>
            <source>Exponential decay distance λ (m)</source>
            <translation type="vanished">指数衰减距离 λ（m）</translation>
        </message>
        <message>
            <source>Maximum flow distance (m)</source>
            <translation type="vanished">最大流动距离（m）</translation>
        </message>
        <message>
            <source>Resistance table for least-cost distances (CSV; empty = shipped table)</source>
            <translation type="vanished">最小成本距离的阻力表（CSV；留空 = 插件自带的表）</translation>
        </message>
        <message>
            <source>A second-date raster needs the years of both maps. Fix: give YEAR_1 and YEAR_2 (e.g. 2020 and 2035).</source>
            <translation type="vanished">使用第二期栅格时需要两期地图的年份。解决办法：填写 YEAR_1 和 YEAR_2（例如 2020 和 2035）。</translation>
        </message>
        <message>
            <source>Carbon price per t CO₂e in the baseline year (0 and no table = no valuation)</source>
            <translation type="vanished">基准年每 t CO₂e 的碳价格（为 0 且无价格表 = 不做价值评估）</translation>
        </message>
        <message>
            <source>No carbon parameters were given. Fix: choose one or more presets or your own parameter table.</source>
            <translation type="vanished">未提供碳参数。解决办法：选择一个或多个预设，或您自己的参数表。</translation>
        </message>
        <message>
            <source>The second-date raster '{second}' is not on the grid of '{first}' (size, cell size, origin or CRS differ), so the change between them cannot be computed cell by cell. Fix: Warp the second map onto the first one's grid (Raster ▸ Projections ▸ Warp with the first map's extent and cell size, nearest neighbour), then run again.</source>
            <translation type="vanished">第二期栅格“{second}”与“{first}”不在同一格网上（尺寸、像元大小、原点或 CRS 不同），因此无法逐像元计算两者之间的变化。解决办法：将第二期地图重投影到第一期地图的格网上（栅格 ▸ 投影 ▸ 变形（重投影），使用第一期地图的范围和像元大小，最近邻重采样），然后重新运行。</translation>
        </message>
        <message>
            <source>No class of the map is mapped to a blue-carbon ecosystem the parameter table gives a sequestration rate for (the map's ecosystems with this legend: {present}; blue-carbon ecosystems: {blue}). Fix: Choose the legend that maps the map's codes to mangrove, salt_marsh or seagrass (e.g. esa_worldcover for ESA WorldCover maps), or your own legend CSV; with an area of interest, check it covers blue-carbon habitat.</source>
            <translation type="vanished">地图中没有任何类别映射到参数表给出了固碳速率的蓝碳生态系统（该图例下地图中的生态系统：{present}；蓝碳生态系统：{blue}）。解决办法：选择能将地图代码映射到 mangrove、salt_marsh 或 seagrass 的图例（例如 ESA WorldCover 地图使用 esa_worldcover），或使用您自己的图例 CSV；如设置了研究区，请检查其是否覆盖蓝碳生境。</translation>
        </message>
        <message>
            <source>The output folder '{folder}' is a file. Fix: Choose a folder (or a new folder name).</source>
            <translation type="vanished">输出文件夹“{folder}”是一个文件。解决办法：选择一个文件夹（或输入新的文件夹名称）。</translation>
        </message>
        <message>
            <source>The output folder '{folder}' is not writable. Fix: Choose a folder you may write to.</source>
            <translation type="vanished">输出文件夹“{folder}”不可写入。解决办法：选择一个您有写入权限的文件夹。</translation>
        </message>
        <message>
            <source>The second date ({1}) must be later than the first ({0}). Fix: give the years in order, the older map as INPUT.</source>
            <translation type="vanished">第二期（{1}）必须晚于第一期（{0}）。解决办法：按先后顺序填写年份，并将较早的地图作为 INPUT。</translation>
        </message>
        <message>
            <source>The area of interest does not overlap the land-cover raster '{path}'. Fix: Choose an area of interest inside the map.</source>
            <translation type="vanished">研究区与土地覆被栅格“{path}”不重叠。解决办法：选择位于地图范围内的研究区。</translation>
        </message>
        <message>
            <source>The area of interest does not overlap the land-cover raster '{path}'. Fix: Choose an area of interest inside the map (both are compared in the raster's CRS).</source>
            <translation type="vanished">研究区与土地覆被栅格“{path}”不重叠。解决办法：选择位于地图范围内的研究区（两者在栅格的 CRS 中进行比较）。</translation>
        </message>
        <message>
            <source>'{path}' has no nodata value and uses every value of its data type, so the area outside the area of interest cannot be marked. Fix: Give the raster a nodata value (Raster ▸ Conversion ▸ Translate, 'Assign a specified nodata value') or run without an area of interest.</source>
            <translation type="vanished">“{path}”没有无数据值，且用尽了其数据类型的所有取值，因此无法标记研究区以外的区域。解决办法：为该栅格设置无数据值（栅格 ▸ 转换 ▸ 转换格式，“指定无数据值”），或不使用研究区运行。</translation>
        </message>
        <message>
            <source>Give the years of both maps (e.g. 2020 and 2035): the change step needs them.</source>
            <translation type="vanished">请填写两期地图的年份（例如 2020 和 2035）：变化计算步骤需要这些年份。</translation>
        </message>
        <message>
            <source>The second-date raster is on another grid than the first ({0} × {1} cells of {2:g} m against {3} × {4} of {5:g} m, or another origin or CRS): the change is computed cell by cell. Warp it to the first raster's grid (Raster ▸ Projections ▸ Warp, same extent, cell size and CRS).</source>
            <translation type="vanished">第二期栅格与第一期不在同一格网上（{0} × {1} 个 {2:g} m 像元，而第一期为 {3} × {4} 个 {5:g} m 像元，或原点、CRS 不同）：变化是逐像元计算的。请将其重投影到第一期栅格的格网（栅格 ▸ 投影 ▸ 变形（重投影），使用相同的范围、像元大小和 CRS）。</translation>
        </message>
        <message>
            <source>The second map ({1}) must be later than the first ({0}); give the older map first.</source>
            <translation type="vanished">第二期地图（{1}）必须晚于第一期（{0}）；请先给出较早的地图。</translation>
        </message>
        <message>
            <source>Demand units for the flow step (points or polygons; optional)</source>
            <translation type="vanished">服务流步骤的需求单元（点或面；可选）</translation>
        </message>
        <message>
            <source>Demand field (t C/yr × coefficient; used without a demand raster)</source>
            <translation type="vanished">需求字段（t C/年 × 系数；无需求栅格时使用）</translation>
        </message>
        <message>
            <source>Demand raster for the flow step (per cell; optional)</source>
            <translation type="vanished">服务流步骤的需求栅格（逐像元；可选）</translation>
        </message>
        <message>
            <source>Own parameter table (CSV; overrides the preset's rows)</source>
            <translation type="vanished">自定义参数表（CSV；覆盖预设中的对应行）</translation>
        </message>
        <message>
            <source>Carbon parameter preset (sequestration rates)</source>
            <translation type="vanished">碳参数预设（固碳速率）</translation>
        </message>
        <message>
            <source>Own parameter table (CSV in the preset format; overrides the preset's rows)</source>
            <translation type="vanished">自定义参数表（预设格式的 CSV；覆盖预设中的对应行）</translation>
        </message>
        <message>
            <source>Carbon parameter preset</source>
            <translation type="vanished">碳参数预设</translation>
        </message>
        <message>
            <source>per t CO₂e</source>
            <translation type="vanished">每 t CO₂e</translation>
        </message>
        <message>
            <source>Carbon stock gain (blue) or loss (red) over the whole run (t C/ha).</source>
            <translation type="vanished">整个分析期内的碳储量增加（蓝色）或减少（红色）（t C/ha）。</translation>
        </message>
        <message>
            <source>Carbon-sequestration service flows from the blue-carbon patches to the demand units (line width by flow).</source>
            <translation type="vanished">从蓝碳斑块到需求单元的固碳服务流（线宽表示流量）。</translation>
        </message>
        <message>
            <source>Carbon-sequestration service flows from the blue-carbon patches to the demand units (line width by flow, {year}).</source>
            <translation type="vanished">从蓝碳斑块到需求单元的固碳服务流（线宽表示流量，{year}）。</translation>
        </message>
        <message>
            <source>Net present value of the net sequestration: {0:,.2f}.</source>
            <translation type="vanished">净固碳量的净现值：{0:,.2f}。</translation>
        </message>
    </context>
</TS>
