<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>AcknowledgeDialog</name>
    <message>
        <source>Acknowledge alerts</source>
        <translation>Reconhecer alertas</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledge %n alert(s)</source>
        <translation>
            <numerusform>Reconhecer %n alerta</numerusform>
            <numerusform>Reconhecer %n alertas</numerusform>
        </translation>
    </message>
    <message>
        <source>Optional: what was done (e.g. truck rebooked, client warned)</source>
        <translation>Opcional: o que foi feito (ex.: caminhão remarcado, cliente avisado)</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nome:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Nota:</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Reconhecer</translation>
    </message>
</context>
<context>
    <name>AlertModel</name>
    <message>
        <source>Level</source>
        <translation>Nível</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produto</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>Was</source>
        <translation>Era</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Agora</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sinc.</translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation>Reconhecido por</translation>
    </message>
    <message>
        <source>Acknowledged at</source>
        <translation>Reconhecido em</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
</context>
<context>
    <name>CarteiraModel</name>
    <message>
        <source>Order</source>
        <extracomment>The plain row object behind an index (a ``CarteiraRow``, ``Change``, ``AlertView``, ...). The alert level of a row (``&quot;CRITICO&quot;``...) or ``None``.</extracomment>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produto</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descrição</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>City/State</source>
        <translation>Município/UF</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Qtd saldo</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Livre</translation>
    </message>
    <message>
        <source>Pre-separated</source>
        <translation>Pré-separado</translation>
    </message>
</context>
<context>
    <name>ConfirmApplyDialog</name>
    <message>
        <source>Confirm the sync</source>
        <translation>Confirmar a sincronização</translation>
    </message>
    <message>
        <source>Apply this plan to the carteira?</source>
        <translation>Aplicar este plano à carteira?</translation>
    </message>
    <message>
        <source>Source: {0}. Everything is written in one transaction: either all of it or nothing. Pre-separations and separations are changed exactly as listed in the review.</source>
        <translation>Origem: {0}. Tudo é gravado numa única transação: ou tudo, ou nada. Pré-separações e separações mudam exatamente como listado na revisão.</translation>
    </message>
    <message>
        <source>{0} alerts</source>
        <translation>Alertas {0}</translation>
    </message>
    <message>
        <source>Total quantity change</source>
        <translation>Variação total da quantidade</translation>
    </message>
    <message>
        <source>Critical alerts this sync will raise ({0}):</source>
        <translation>Alertas críticos que esta sincronização vai gerar ({0}):</translation>
    </message>
    <message>
        <source>Mass removal: this plan removes {0} of the {1} lines of the carteira (limit {2} %).</source>
        <translation>Remoção em massa: este plano remove {0} das {1} linhas da carteira (limite de {2} %).</translation>
    </message>
    <message>
        <source>Check Odoo&apos;s filter and answer: a wrong filter or a half-empty answer looks like this. To confirm, type the number of removed lines:</source>
        <translation>Confira o filtro e a resposta do Odoo: um filtro errado ou uma resposta pela metade têm esta cara. Para confirmar, digite o número de linhas removidas:</translation>
    </message>
    <message>
        <source>Applied by:</source>
        <translation>Aplicado por:</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>Erro inesperado</translation>
    </message>
    <message>
        <source>The details are also in the log file {0}.</source>
        <translation>Os detalhes também estão no arquivo de log {0}.</translation>
    </message>
    <message>
        <source>Carteira Sync hit an unexpected error (a defect of the program).</source>
        <translation>O Carteira Sync encontrou um erro inesperado (um defeito do programa).</translation>
    </message>
    <message>
        <source>The operation in progress was stopped. Every write to the database is one transaction, so what is stored is whole: an interrupted apply wrote nothing. Copy the details below and send them to support; then try again.</source>
        <translation>A operação em andamento foi interrompida. Cada gravação no banco é uma única transação, então o que está gravado está íntegro: uma aplicação interrompida não gravou nada. Copie os detalhes abaixo e envie ao suporte; depois tente de novo.</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Copiar detalhes</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiado</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>{0} free</source>
        <translation>{0} livre</translation>
    </message>
    <message>
        <source>{0} pre-sep #{1} (deleted)</source>
        <translation>{0} pré-sep #{1} (excluída)</translation>
    </message>
    <message>
        <source>{0} pre-sep #{1}</source>
        <translation>{0} pré-sep #{1}</translation>
    </message>
    <message>
        <source>{0} not covered</source>
        <translation>{0} não coberto</translation>
    </message>
    <message>
        <source>fields: {0}</source>
        <translation>campos: {0}</translation>
    </message>
    <message>
        <source>no impact</source>
        <translation>sem impacto</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Reduction</source>
        <translation>Redução</translation>
    </message>
    <message>
        <source>Increase</source>
        <translation>Aumento</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nova</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Removida</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Alterada</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Inalterada</translation>
    </message>
    <message>
        <source>Reductions</source>
        <translation>Reduções</translation>
    </message>
    <message>
        <source>Increases</source>
        <translation>Aumentos</translation>
    </message>
    <message>
        <source>New lines</source>
        <translation>Linhas novas</translation>
    </message>
    <message>
        <source>Removed lines</source>
        <translation>Linhas removidas</translation>
    </message>
    <message>
        <source>Changed fields</source>
        <translation>Campos alterados</translation>
    </message>
    <message>
        <source>CRITICAL</source>
        <translation>CRÍTICO</translation>
    </message>
    <message>
        <source>WARNING</source>
        <translation>ATENÇÃO</translation>
    </message>
    <message>
        <source>INFO</source>
        <translation>INFO</translation>
    </message>
    <message>
        <source>reduction</source>
        <translation>redução</translation>
    </message>
    <message>
        <source>removal</source>
        <translation>remoção</translation>
    </message>
    <message>
        <source>increase</source>
        <translation>aumento</translation>
    </message>
    <message>
        <source>not covered</source>
        <translation>não coberto</translation>
    </message>
    <message>
        <source>Product name</source>
        <translation>Nome do produto</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>CNPJ/CPF</source>
        <translation>CNPJ/CPF</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Município</translation>
    </message>
    <message>
        <source>State</source>
        <translation>UF</translation>
    </message>
    <message>
        <source>Order date</source>
        <translation>Data do pedido</translation>
    </message>
    <message>
        <source>Delivery date</source>
        <translation>Data de entrega</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preço</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Carteira Sync — {0}</source>
        <extracomment>How long a freshness check stays valid before window activation checks again, in seconds. A plan was computed and is under review. A plan was applied (``ApplyResult``). Carteira, alerts and history were (re)loaded. A report was written (``Path``). Alerts were acknowledged (list of ids). A message was shown to the planner (expected failure, cancellation, outcome). A dialog was opened (the dialog). Chooses where to save a report: ``(suggested file name) -&gt; path or None``. Tests replace it. Chooses a JSON source file: ``() -&gt; path or None``. Tests replace it.</extracomment>
        <translation>Carteira Sync — {0}</translation>
    </message>
    <message>
        <source>Fetch from Odoo</source>
        <translation>Buscar no Odoo</translation>
    </message>
    <message>
        <source>Open source file…</source>
        <translation>Abrir arquivo de origem…</translation>
    </message>
    <message>
        <source>Apply plan</source>
        <translation>Aplicar plano</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Export change report…</source>
        <translation>Exportar relatório…</translation>
    </message>
    <message>
        <source>Acknowledge alerts…</source>
        <translation>Reconhecer alertas…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Configurações…</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Procurar</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Sair</translation>
    </message>
    <message>
        <source>Open the log folder</source>
        <translation>Abrir a pasta do log</translation>
    </message>
    <message>
        <source>About Carteira Sync</source>
        <translation>Sobre o Carteira Sync</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>&amp;Sincronização</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;juda</translation>
    </message>
    <message>
        <source>Search order, product, description, client or city…</source>
        <translation>Procurar pedido, produto, descrição, cliente ou município…</translation>
    </message>
    <message>
        <source>Carteira</source>
        <translation>Carteira</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plano</translation>
    </message>
    <message>
        <source>Search order, product, batch or message…</source>
        <translation>Procurar pedido, produto, lote ou mensagem…</translation>
    </message>
    <message>
        <source>Every level</source>
        <translation>Todos os níveis</translation>
    </message>
    <message>
        <source>Only {0}</source>
        <translation>Só {0}</translation>
    </message>
    <message>
        <source>Show acknowledged</source>
        <translation>Mostrar reconhecidos</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Select a sync to see its changes.</source>
        <translation>Selecione uma sincronização para ver as mudanças.</translation>
    </message>
    <message>
        <source>Export this sync&apos;s report…</source>
        <translation>Exportar o relatório desta sincronização…</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Histórico</translation>
    </message>
    <message>
        <source>Carteira Sync</source>
        <translation>Carteira Sync</translation>
    </message>
    <message>
        <source>Loading the carteira</source>
        <translation>Carregar a carteira</translation>
    </message>
    <message>
        <source>Alerts ({0})</source>
        <translation>Alertas ({0})</translation>
    </message>
    <message>
        <source>{0} lines</source>
        <translation>{0} linhas</translation>
    </message>
    <message>
        <source>{0} of {1} lines</source>
        <translation>{0} de {1} linhas</translation>
    </message>
    <message>
        <source>Open Settings to fill in the Odoo connection.</source>
        <translation>Abra Configurações para preencher a conexão com o Odoo.</translation>
    </message>
    <message>
        <source>Fetching {0}…</source>
        <translation>Buscando {0}…</translation>
    </message>
    <message>
        <source>The fetch was cancelled. Nothing was changed.</source>
        <translation>A busca foi cancelada. Nada foi alterado.</translation>
    </message>
    <message>
        <source>Fetch failed</source>
        <translation>A busca falhou</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Page {0} of {1} · {2} of {3} lines</source>
        <translation>Página {0} de {1} · {2} de {3} linhas</translation>
    </message>
    <message>
        <source>Page {0} · {1} lines</source>
        <translation>Página {0} · {1} linhas</translation>
    </message>
    <message>
        <source>Plan computed: {0} changes, {1} critical alerts ({2}). Review it, then apply.</source>
        <translation>Plano calculado: {0} mudanças, {1} alertas críticos ({2}). Revise e depois aplique.</translation>
    </message>
    <message>
        <source>Nothing to change: the carteira already follows the source ({0}).</source>
        <translation>Nada a mudar: a carteira já segue a origem ({0}).</translation>
    </message>
    <message>
        <source>The plan was discarded. Nothing was changed.</source>
        <translation>O plano foi descartado. Nada foi alterado.</translation>
    </message>
    <message>
        <source>Checking the plan against the database…</source>
        <translation>Conferindo o plano com o banco de dados…</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <source>Applying the plan…</source>
        <translation>Aplicando o plano…</translation>
    </message>
    <message>
        <source>Sync #{0} applied: {1} changes written; {2} critical and {3} warning alerts to acknowledge.</source>
        <translation>Sincronização #{0} aplicada: {1} mudanças gravadas; {2} alertas críticos e {3} de atenção para reconhecer.</translation>
    </message>
    <message>
        <source>See the alerts in the Alerts tab and the report in History (Ctrl+E exports it).</source>
        <translation>Veja os alertas na aba Alertas e o relatório em Histórico (Ctrl+E exporta).</translation>
    </message>
    <message>
        <source>Nothing to apply: the carteira already follows the source.</source>
        <translation>Nada a aplicar: a carteira já segue a origem.</translation>
    </message>
    <message>
        <source>Select one or more open alerts in the Alerts tab first.</source>
        <translation>Selecione antes um ou mais alertas abertos na aba Alertas.</translation>
    </message>
    <message>
        <source>Acknowledge alerts</source>
        <translation>Reconhecer alertas</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) acknowledged.</source>
        <translation>
            <numerusform>%n alerta reconhecido.</numerusform>
            <numerusform>%n alertas reconhecidos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync #{0} of {1} by {2} — {3}</source>
        <translation>Sincronização #{0} de {1} por {2} — {3}</translation>
    </message>
    <message>
        <source>There is no sync to report yet. Fetch, review and apply a plan first.</source>
        <translation>Ainda não há sincronização para relatar. Busque, revise e aplique um plano primeiro.</translation>
    </message>
    <message>
        <source>Writing {0}…</source>
        <translation>Gravando {0}…</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>Exportar o relatório</translation>
    </message>
    <message>
        <source>Report saved to {0}.</source>
        <translation>Relatório salvo em {0}.</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Planilha do Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV for Excel (*.csv)</source>
        <translation>CSV para o Excel (*.csv)</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Export change report</source>
        <translation>Exportar relatório de mudanças</translation>
    </message>
    <message>
        <source>Open source file</source>
        <translation>Abrir arquivo de origem</translation>
    </message>
    <message>
        <source>JSON source (*.json)</source>
        <translation>Origem em JSON (*.json)</translation>
    </message>
    <message>
        <source>The settings could not be saved ({0}). Nothing was changed; check the folder&apos;s permissions.</source>
        <translation>As configurações não puderam ser salvas ({0}). Nada foi alterado; confira as permissões da pasta.</translation>
    </message>
    <message>
        <source>Settings saved to {0}.</source>
        <translation>Configurações salvas em {0}.</translation>
    </message>
    <message>
        <source>The log is not being written to a file in this session.</source>
        <translation>Nesta sessão o log não está sendo gravado em arquivo.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Carteira Sync {0}&lt;/b&gt;&lt;br&gt;Keeps the local carteira in step with Odoo without losing pre-separations and separations.&lt;br&gt;Database: {1}</source>
        <translation>&lt;b&gt;Carteira Sync {0}&lt;/b&gt;&lt;br&gt;Mantém a carteira local em dia com o Odoo sem perder pré-separações e separações.&lt;br&gt;Banco de dados: {1}</translation>
    </message>
</context>
<context>
    <name>PlanFilterProxy</name>
    <message>
        <source>{0} ({1} of {2})</source>
        <translation>{0} ({1} de {2})</translation>
    </message>
</context>
<context>
    <name>PlanModel</name>
    <message>
        <source>Order</source>
        <extracomment>Destructive kinds first: what removes or reduces is what the planner must read before approving.</extracomment>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produto</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Depois</translation>
    </message>
    <message>
        <source>Delta</source>
        <translation>Variação</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alerta</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>Impacto</translation>
    </message>
</context>
<context>
    <name>PlanPanel</name>
    <message>
        <source>Fetch from Odoo (F5)</source>
        <translation>Buscar no Odoo (F5)</translation>
    </message>
    <message>
        <source>Apply plan…</source>
        <translation>Aplicar plano…</translation>
    </message>
    <message>
        <source>Apply this plan (Ctrl+Enter)</source>
        <translation>Aplicar este plano (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Filter by order, product, client or batch…</source>
        <translation>Filtrar por pedido, produto, cliente ou lote…</translation>
    </message>
    <message>
        <source>Every line</source>
        <translation>Todas as linhas</translation>
    </message>
    <message>
        <source>Only {0}</source>
        <translation>Só {0}</translation>
    </message>
    <message>
        <source>With any alert</source>
        <translation>Com algum alerta</translation>
    </message>
    <message>
        <source>Without alert</source>
        <translation>Sem alerta</translation>
    </message>
    <message>
        <source>Only lines that touch pre-separations or separations</source>
        <translation>Só linhas que mexem em pré-separações ou separações</translation>
    </message>
    <message>
        <source>No plan under review.&lt;br&gt;Fetch from Odoo to see what a sync would do to the carteira before anything is written.</source>
        <translation>Nenhum plano em revisão.&lt;br&gt;Busque no Odoo para ver o que a sincronização faria com a carteira antes de gravar qualquer coisa.</translation>
    </message>
    <message>
        <source>Nothing to change: the carteira already follows the source.</source>
        <translation>Nada a mudar: a carteira já segue a origem.</translation>
    </message>
    <message>
        <source>This plan is out of date: the carteira changed since it was computed. Nothing was written. Fetch again (F5) to review a new plan.</source>
        <translation>Este plano está desatualizado: a carteira mudou depois do cálculo. Nada foi gravado. Busque de novo (F5) para revisar um plano novo.</translation>
    </message>
    <message>
        <source>Plan of {0}</source>
        <translation>Plano de {0}</translation>
    </message>
    <message>
        <source>computed at {0}</source>
        <translation>calculado em {0}</translation>
    </message>
    <message>
        <source>{0} lines in the carteira, {1} changes</source>
        <translation>{0} linhas na carteira, {1} mudanças</translation>
    </message>
    <message>
        <source>{0} source lines outside the Odoo prefixes ignored</source>
        <translation>{0} linhas da origem fora dos prefixos do Odoo ignoradas</translation>
    </message>
    <message>
        <source>unchanged: {0}</source>
        <translation>Inalteradas: {0}</translation>
    </message>
    <message>
        <source>total quantity change: {0}</source>
        <translation>Variação total: {0}</translation>
    </message>
    <message>
        <source>Mass removal: this plan removes {0} of the {1} lines of the carteira, above the limit of {2} %. Check Odoo&apos;s filter and answer before applying; you will be asked to type the number.</source>
        <translation>Remoção em massa: este plano remove {0} das {1} linhas da carteira, acima do limite de {2} %. Confira o filtro e a resposta do Odoo antes de aplicar; será pedido que você digite o número.</translation>
    </message>
    <message>
        <source>Select a line to see what happens to its free balance, pre-separations and separations.</source>
        <translation>Selecione uma linha para ver o que acontece com o saldo livre, as pré-separações e as separações.</translation>
    </message>
    <message>
        <source>Free balance</source>
        <translation>Saldo livre</translation>
    </message>
    <message>
        <source>Pre-separation #{0}</source>
        <translation>Pré-separação #{0}</translation>
    </message>
    <message>
        <source>Separation #{0} · {1} · {2}</source>
        <translation>Separação #{0} · {1} · {2}</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Depois</translation>
    </message>
    <message>
        <source>Odoo sent {0} lines for this order and product; they were summed.</source>
        <translation>O Odoo enviou {0} linhas para este pedido e produto; elas foram somadas.</translation>
    </message>
    <message>
        <source>Where the quantity goes</source>
        <translation>De onde sai a quantidade</translation>
    </message>
    <message>
        <source>Allocation</source>
        <translation>Alocação</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Variação</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>excluída</translation>
    </message>
    <message>
        <source>Not covered (already loaded)</source>
        <translation>Não coberto (já embarcado)</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Changed fields</source>
        <translation>Campos alterados</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>The line leaves the carteira after its allocations are reduced.</source>
        <translation>A linha sai da carteira depois que as alocações são reduzidas.</translation>
    </message>
</context>
<context>
    <name>RunChangeModel</name>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produto</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Depois</translation>
    </message>
    <message>
        <source>Delta</source>
        <translation>Variação</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>Impacto</translation>
    </message>
</context>
<context>
    <name>RunModel</name>
    <message>
        <source>Sync</source>
        <translation>Sinc.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quem</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Linhas</translation>
    </message>
    <message>
        <source>Total delta</source>
        <translation>Variação total</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duração</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>Odoo connection</source>
        <translation>Conexão com o Odoo</translation>
    </message>
    <message>
        <source>JSON-RPC (password or API key)</source>
        <translation>JSON-RPC (senha ou chave de API)</translation>
    </message>
    <message>
        <source>JSON-2 (Odoo 19+, API key)</source>
        <translation>JSON-2 (Odoo 19+, chave de API)</translation>
    </message>
    <message>
        <source>Address (URL):</source>
        <translation>Endereço (URL):</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Base de dados:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Usuário:</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>Protocolo:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Senha:</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>Chave de API:</translation>
    </message>
    <message>
        <source>Page size (lines):</source>
        <translation>Tamanho da página (linhas):</translation>
    </message>
    <message>
        <source>The password and the API key are kept in the system keyring, never in a file.</source>
        <translation>A senha e a chave de API ficam no cofre de senhas do sistema, nunca num arquivo.</translation>
    </message>
    <message>
        <source>There is no system keyring here: the password and the API key are kept in memory for this session only (never in a file) and must be typed again next time.</source>
        <translation>Não há cofre de senhas neste sistema: a senha e a chave de API ficam só na memória durante esta sessão (nunca num arquivo) e precisarão ser digitadas de novo da próxima vez.</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Testar conexão</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sincronização</translation>
    </message>
    <message>
        <source>empty: every order belongs to Odoo (e.g. VCD, VSC)</source>
        <translation>vazio: todo pedido é do Odoo (ex.: VCD, VSC)</translation>
    </message>
    <message>
        <source>Mass removal above:</source>
        <translation>Remoção em massa acima de:</translation>
    </message>
    <message>
        <source>Odoo order prefixes:</source>
        <translation>Prefixos dos pedidos do Odoo:</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Programa</translation>
    </message>
    <message>
        <source>empty: a SQLite file in your data folder</source>
        <translation>vazio: um arquivo SQLite na sua pasta de dados</translation>
    </message>
    <message>
        <source>Database URL:</source>
        <translation>URL do banco de dados:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <source>The database and the language take effect the next time the program opens.</source>
        <translation>O banco de dados e o idioma valem a partir da próxima abertura do programa.</translation>
    </message>
    <message>
        <source>Connecting to {0}…</source>
        <translation>Conectando a {0}…</translation>
    </message>
    <message>
        <source>Connected: Odoo {0}.</source>
        <translation>Conectado: Odoo {0}.</translation>
    </message>
    <message>
        <source>Test cancelled.</source>
        <translation>Teste cancelado.</translation>
    </message>
    <message>
        <source>The test failed unexpectedly.</source>
        <translation>O teste falhou de forma inesperada.</translation>
    </message>
</context>
<context>
    <name>StalePlanDialog</name>
    <message>
        <source>The plan is out of date</source>
        <translation>O plano está desatualizado</translation>
    </message>
    <message>
        <source>The carteira changed since this plan was reviewed</source>
        <translation>A carteira mudou desde a revisão deste plano</translation>
    </message>
    <message>
        <source>Another planner or another sync changed what this plan depends on. Nothing was written. Fetch again and review the new plan before applying it.</source>
        <translation>Outro planejador ou outra sincronização mudou o que este plano usa. Nada foi gravado. Busque de novo e revise o plano novo antes de aplicá-lo.</translation>
    </message>
    <message>
        <source>What changed:</source>
        <translation>O que mudou:</translation>
    </message>
    <message>
        <source>Fetch again</source>
        <translation>Buscar de novo</translation>
    </message>
</context>
</TS>
