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
        <source>Your name (recorded with the acknowledgement; asked once)</source>
        <translation>Seu nome (fica registrado no reconhecimento; perguntado uma vez)</translation>
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
    <message>
        <source>batch {0}</source>
        <translation>lote {0}</translation>
    </message>
    <message>
        <source>quantity {0} → {1}</source>
        <translation>quantidade {0} → {1}</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>Nota: {0}</translation>
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
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
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
        <source>When (sync)</source>
        <translation>Quando (sincronização)</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Reconhecido</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
</context>
<context>
    <name>AlertsTab</name>
    <message>
        <source>Acknowledge alerts…</source>
        <extracomment>The date filter: days back (``None``: any date; 0: today). Alerts were acknowledged (list of ids). The open alerts changed: (CRÍTICO + ATENÇÃO to acknowledge, INFO open).</extracomment>
        <translation>Reconhecer alertas…</translation>
    </message>
    <message>
        <source>Acknowledge every INFO…</source>
        <translation>Reconhecer todos os INFO…</translation>
    </message>
    <message>
        <source>Search order, product, client, batch or message…</source>
        <translation>Procurar pedido, produto, cliente, lote ou mensagem…</translation>
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
        <source>Any date</source>
        <translation>Qualquer data</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoje</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 dias</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Últimos 30 dias</translation>
    </message>
    <message>
        <source>Show acknowledged</source>
        <translation>Mostrar reconhecidos</translation>
    </message>
    <message>
        <source>Select one or more open alerts in the Alerts tab first.</source>
        <translation>Selecione antes um ou mais alertas abertos na aba Alertas.</translation>
    </message>
    <message>
        <source>There is no open INFO alert.</source>
        <translation>Não há alerta INFO aberto.</translation>
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
        <source>Acknowledge every INFO ({0})…</source>
        <translation>Reconhecer todos os INFO ({0})…</translation>
    </message>
    <message>
        <source>No alerts. An alert appears here when a sync changes something the planners acted on: a pre-separation, a batch, a quoted freight.</source>
        <translation>Nenhum alerta. Um alerta aparece aqui quando uma sincronização mexe em algo que os planejadores já decidiram: uma pré-separação, um lote, um frete cotado.</translation>
    </message>
    <message>
        <source>No alert matches these filters.</source>
        <translation>Nenhum alerta com estes filtros.</translation>
    </message>
    <message>
        <source>No open alerts: every alert was acknowledged. Tick “Show acknowledged” to see them.</source>
        <translation>Nenhum alerta aberto: todos foram reconhecidos. Marque “Mostrar reconhecidos” para vê-los.</translation>
    </message>
    <message>
        <source>The selected alert is hidden by the filters.</source>
        <translation>O alerta selecionado está escondido pelos filtros.</translation>
    </message>
    <message>
        <source>Select an alert to read it whole, with its note.</source>
        <translation>Selecione um alerta para lê-lo inteiro, com a nota.</translation>
    </message>
    <message>
        <source>Raised or updated by sync #{0} at {1}.</source>
        <translation>Gerado ou atualizado pela sincronização #{0} em {1}.</translation>
    </message>
    <message>
        <source>Acknowledged by {0} at {1}.</source>
        <translation>Reconhecido por {0} em {1}.</translation>
    </message>
    <message>
        <source>Not acknowledged yet (Ctrl+K).</source>
        <translation>Ainda não reconhecido (Ctrl+K).</translation>
    </message>
</context>
<context>
    <name>AllocateDialog</name>
    <message>
        <source>Pre-separate</source>
        <translation>Pré-separar</translation>
    </message>
    <message numerus="yes">
        <source>Pre-separate %n line(s) of order &lt;b&gt;{0}&lt;/b&gt;{1}</source>
        <translation>
            <numerusform>Pré-separar %n linha do pedido &lt;b&gt;{0}&lt;/b&gt;{1}</numerusform>
            <numerusform>Pré-separar %n linhas do pedido &lt;b&gt;{0}&lt;/b&gt;{1}</numerusform>
        </translation>
    </message>
    <message>
        <source>Separate</source>
        <translation>Separar</translation>
    </message>
    <message numerus="yes">
        <source>New batch with %n line(s) of order &lt;b&gt;{0}&lt;/b&gt;{1}</source>
        <translation>
            <numerusform>Novo lote com %n linha do pedido &lt;b&gt;{0}&lt;/b&gt;{1}</numerusform>
            <numerusform>Novo lote com %n linhas do pedido &lt;b&gt;{0}&lt;/b&gt;{1}</numerusform>
        </translation>
    </message>
    <message>
        <source>Create batch</source>
        <translation>Criar lote</translation>
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
        <source>Balance</source>
        <translation>Qtd saldo</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Livre</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantidade</translation>
    </message>
    <message>
        <source>Shipping date:</source>
        <translation>Data de expedição:</translation>
    </message>
    <message>
        <source>Automatic (total when it takes the whole line)</source>
        <translation>Automático (total quando leva a linha inteira)</translation>
    </message>
    <message>
        <source>Total (the whole line ships at once)</source>
        <translation>Total (a linha inteira sai de uma vez)</translation>
    </message>
    <message>
        <source>Partial (the line may ship in parts)</source>
        <translation>Parcial (a linha pode sair em partes)</translation>
    </message>
    <message>
        <source>Shipping kind:</source>
        <translation>Tipo de envio:</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Opcional</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Observação:</translation>
    </message>
    <message numerus="yes">
        <source>Total: {0} in %n line(s)</source>
        <translation>
            <numerusform>Total: {0} em %n linha</numerusform>
            <numerusform>Total: {0} em %n linhas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AutoSync</name>
    <message>
        <source>a dialog is open</source>
        <extracomment>Op names whose run means &quot;someone is reading or writing the carteira&quot;: a tick waits for the next one. A run ended: its result (``None`` when nothing safe was applied) and how many changes it held. Held changes waiting for a planner: (how many, how many CRÍTICO). (0, 0) when none are left. A tick was skipped because a planner was busy: why (for the status bar and the log).</extracomment>
        <translation>há uma janela de diálogo aberta</translation>
    </message>
    <message>
        <source>another task is running</source>
        <translation>outra tarefa está em andamento</translation>
    </message>
    <message>
        <source>Automatic sync</source>
        <translation>Sincronização automática</translation>
    </message>
</context>
<context>
    <name>CarteiraModel</name>
    <message>
        <source>Order</source>
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
        <source>Delivery</source>
        <translation>Entrega</translation>
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
    <name>CarteiraTab</name>
    <message>
        <source>Search order, product, description, client or city…</source>
        <extracomment>A decision was written (its result: a ``LoteView`` or a list of ``PreView``). The planner asked to see a lote in the Lotes tab (its code). The side panel shows a line&apos;s detail (``LineDetail``). The first-run screen&apos;s buttons: open the settings, test the connection, fetch, open a source file. The line last shown in the panel: selected again when a filter that hid it shows it again.</extracomment>
        <translation>Procurar pedido, produto, descrição, cliente ou município…</translation>
    </message>
    <message>
        <source>Show only the lines that have…</source>
        <translation>Mostrar só as linhas que têm…</translation>
    </message>
    <message>
        <source>Every line</source>
        <translation>Todas as linhas</translation>
    </message>
    <message>
        <source>With a COTADO batch</source>
        <translation>Com lote COTADO</translation>
    </message>
    <message>
        <source>With a pre-separation</source>
        <translation>Com pré-separação</translation>
    </message>
    <message>
        <source>With an ABERTO batch</source>
        <translation>Com lote ABERTO</translation>
    </message>
    <message>
        <source>With an EMBARCADO batch</source>
        <translation>Com lote EMBARCADO</translation>
    </message>
    <message>
        <source>Only free balance</source>
        <translation>Só saldo livre</translation>
    </message>
    <message>
        <source>No free balance left</source>
        <translation>Sem saldo livre</translation>
    </message>
    <message>
        <source>The carteira is empty: this is the first run</source>
        <extracomment>The decisions on lines (their actions are aliased below for the window).</extracomment>
        <translation>A carteira está vazia: este é o primeiro uso</translation>
    </message>
    <message>
        <source>The carteira is filled from Odoo. The first fetch shows every open order line as new; you review it and apply it, and from then on each fetch shows only what changed.</source>
        <translation>A carteira é preenchida a partir do Odoo. A primeira busca mostra cada linha de pedido em aberto como nova; você revisa e aplica, e daí em diante cada busca mostra só o que mudou.</translation>
    </message>
    <message>
        <source>1. Configure the connection to Odoo: address, database, user and password or API key.</source>
        <translation>1. Configure a conexão com o Odoo: endereço, base de dados, usuário e senha ou chave de API.</translation>
    </message>
    <message>
        <source>Open Settings (Ctrl+,)</source>
        <translation>Abrir Configurações (Ctrl+,)</translation>
    </message>
    <message>
        <source>2. Test the connection: it logs in to Odoo and changes nothing.</source>
        <translation>2. Teste a conexão: ela entra no Odoo e não muda nada.</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Testar conexão</translation>
    </message>
    <message>
        <source>3. Fetch from Odoo, review the plan and apply it.</source>
        <translation>3. Busque no Odoo, revise o plano e aplique.</translation>
    </message>
    <message>
        <source>Fetch from Odoo (F5)</source>
        <translation>Buscar no Odoo (F5)</translation>
    </message>
    <message>
        <source>Or plan from a JSON source file with the same fields.</source>
        <translation>Ou calcule o plano a partir de um arquivo de origem JSON com os mesmos campos.</translation>
    </message>
    <message>
        <source>Open source file… (Ctrl+O)</source>
        <translation>Abrir arquivo de origem… (Ctrl+O)</translation>
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
        <source>The carteira has no lines. Fetch from Odoo (F5) to fill it.</source>
        <translation>A carteira não tem linhas. Busque no Odoo (F5) para preenchê-la.</translation>
    </message>
    <message>
        <source>No line matches the filter. Clear the search box or choose “Every line”.</source>
        <translation>Nenhuma linha corresponde ao filtro. Limpe a busca ou escolha “Todas as linhas”.</translation>
    </message>
    <message numerus="yes">
        <source>Total of %Ln line(s)</source>
        <translation>
            <numerusform>Total da %Ln linha</numerusform>
            <numerusform>Total das %Ln linhas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Total of the %Ln line(s) shown</source>
        <translation>
            <numerusform>Total da %Ln linha mostrada</numerusform>
            <numerusform>Total das %Ln linhas mostradas</numerusform>
        </translation>
    </message>
    <message>
        <source>Sum of the balance, free balance and allocations of the lines the filters show.</source>
        <translation>Soma do saldo, do saldo livre e das alocações das linhas que os filtros mostram.</translation>
    </message>
    <message>
        <source>The selected line ({0}/{1}) is hidden by the filter. Select a line to see its detail.</source>
        <translation>A linha selecionada ({0}/{1}) está escondida pelo filtro. Selecione uma linha para ver o detalhe.</translation>
    </message>
    <message>
        <source>Line detail</source>
        <translation>Detalhe da linha</translation>
    </message>
    <message>
        <source>The detail of this line could not be read: {0}</source>
        <translation>Não foi possível ler o detalhe desta linha: {0}</translation>
    </message>
</context>
<context>
    <name>ConfirmApplyDialog</name>
    <message>
        <source>Confirm the sync</source>
        <extracomment>A CRITICO line was ticked or unticked here: ``(change, ticked)``.</extracomment>
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
        <source>Critical lines: tick each one as reviewed ({0} of {1} ticked)</source>
        <translation>Linhas CRÍTICAS: marque cada uma como revisada ({0} de {1} marcadas)</translation>
    </message>
    <message numerus="yes">
        <source>tick the %n critical line(s) still unticked</source>
        <translation>
            <numerusform>marque a linha CRÍTICA ainda não revisada</numerusform>
            <numerusform>marque as %n linhas CRÍTICAS ainda não revisadas</numerusform>
        </translation>
    </message>
    <message>
        <source>type your name</source>
        <translation>digite seu nome</translation>
    </message>
    <message>
        <source>type the number of removed lines</source>
        <translation>digite o número de linhas removidas</translation>
    </message>
    <message>
        <source>To apply: {0}.</source>
        <translation>Para aplicar: {0}.</translation>
    </message>
    <message>
        <source>Mass removal: this plan removes {0} of the {1} lines of the carteira (limit {2} %).</source>
        <extracomment>The CRITICO lines, in the review&apos;s order; each must be ticked.</extracomment>
        <translation>Remoção em massa: este plano remove {0} das {1} linhas da carteira (limite de {2} %).</translation>
    </message>
    <message>
        <source>Check Odoo&apos;s filter and answer: a wrong filter or a half-empty answer looks like this. To confirm, type the number of removed lines:</source>
        <translation>Confira o filtro e a resposta do Odoo: um filtro errado ou uma resposta pela metade têm esta cara. Para confirmar, digite o número de linhas removidas:</translation>
    </message>
    <message>
        <source>Your name (recorded with the sync; asked once)</source>
        <translation>Seu nome (fica registrado na sincronização; perguntado uma vez)</translation>
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
    <name>ConfirmDecisionDialog</name>
    <message>
        <source>Optional: why</source>
        <translation>Opcional: por quê</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Observação:</translation>
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
    <name>DecisionDialog</name>
    <message>
        <source>Your name (recorded with the decision; asked once)</source>
        <extracomment>Where subclasses put their fields.</extracomment>
        <translation>Seu nome (fica registrado na decisão; perguntado uma vez)</translation>
    </message>
    <message>
        <source>Planner:</source>
        <translation>Planejador:</translation>
    </message>
</context>
<context>
    <name>EditLoteDialog</name>
    <message>
        <source>Edit batch quantities</source>
        <translation>Editar quantidades do lote</translation>
    </message>
    <message>
        <source>Quantities of {0} (order {1}, {2})</source>
        <translation>Quantidades do {0} (pedido {1}, {2})</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Salvar</translation>
    </message>
    <message>
        <source>0 removes a row; a quantity on another line of the order adds it to the batch.</source>
        <translation>0 tira a linha do lote; uma quantidade em outra linha do pedido a acrescenta ao lote.</translation>
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
        <source>In batch</source>
        <translation>No lote</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Livre</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantidade</translation>
    </message>
</context>
<context>
    <name>EditPreDialog</name>
    <message>
        <source>Edit pre-separation</source>
        <translation>Editar pré-separação</translation>
    </message>
    <message>
        <source>Pre-separation &lt;b&gt;#{0}&lt;/b&gt; of {1}/{2}</source>
        <translation>Pré-separação &lt;b&gt;#{0}&lt;/b&gt; de {1}/{2}</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Salvar</translation>
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
        <source>Free</source>
        <translation>Livre</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantidade</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Atual</translation>
    </message>
    <message>
        <source>Shipping date:</source>
        <translation>Data de expedição:</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Opcional</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Observação:</translation>
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
    <name>History</name>
    <message>
        <source>{0} (automatic, {1} held)</source>
        <translation>{0} (automática, {1} retidas)</translation>
    </message>
    <message>
        <source>held for a planner, not applied: {0}</source>
        <translation>retida para um planejador, não aplicada: {0}</translation>
    </message>
</context>
<context>
    <name>HistoryEntryModel</name>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quem</translation>
    </message>
    <message>
        <source>What</source>
        <translation>O quê</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sincronização</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decisão</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <source>Select a sync to see its changes.</source>
        <extracomment>&quot;Export this sync&apos;s report…&quot; was clicked (the window chooses the file and writes it). The runs were shown again (there may be some to export now).</extracomment>
        <translation>Selecione uma sincronização para ver as mudanças.</translation>
    </message>
    <message>
        <source>Export this sync&apos;s report…</source>
        <translation>Exportar o relatório desta sincronização…</translation>
    </message>
    <message>
        <source>No sync yet. Fetch from Odoo (F5), review the plan and apply it: each sync is listed here.</source>
        <translation>Nenhuma sincronização ainda. Busque no Odoo (F5), revise o plano e aplique: cada sincronização aparece aqui.</translation>
    </message>
    <message>
        <source>Export the report of sync #{0}…</source>
        <translation>Exportar o relatório da sincronização #{0}…</translation>
    </message>
    <message>
        <source>Sync #{0} of {1} by {2} — {3}</source>
        <translation>Sincronização #{0} de {1} por {2} — {3}</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Histórico</translation>
    </message>
</context>
<context>
    <name>ImportFlow</name>
    <message>
        <source>Import decisions</source>
        <extracomment>Decisions were imported (``ImportResult``). A preview dialog was opened (the dialog). Chooses the file to import: ``() -&gt; path or None``. Tests replace it.</extracomment>
        <translation>Importar decisões</translation>
    </message>
    <message>
        <source>Reading {0}…</source>
        <translation>Lendo {0}…</translation>
    </message>
    <message numerus="yes">
        <source>The import was refused: since the preview the carteira changed and the file now has %n problem(s), listed above. Nothing was written; fix the file or read it again.</source>
        <translation>
            <numerusform>A importação foi recusada: desde a prévia a carteira mudou e o arquivo agora tem %n problema, listado acima. Nada foi gravado; corrija o arquivo ou leia-o de novo.</numerusform>
            <numerusform>A importação foi recusada: desde a prévia a carteira mudou e o arquivo agora tem %n problemas, listados acima. Nada foi gravado; corrija o arquivo ou leia-o de novo.</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported from {0}: {1} and {2}.</source>
        <translation>Importado de {0}: {1} e {2}.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln pre-separation(s)</source>
        <translation>
            <numerusform>%Ln pré-separação</numerusform>
            <numerusform>%Ln pré-separações</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln batch(es)</source>
        <translation>
            <numerusform>%Ln lote</numerusform>
            <numerusform>%Ln lotes</numerusform>
        </translation>
    </message>
    <message>
        <source>Allocation files (*.xlsx *.csv *.json);;All files (*)</source>
        <translation>Arquivos de alocações (*.xlsx *.csv *.json);;Todos os arquivos (*)</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Import decisions</source>
        <translation>Importar decisões</translation>
    </message>
    <message>
        <source>Import decisions from &lt;b&gt;{0}&lt;/b&gt;</source>
        <translation>Importar decisões de &lt;b&gt;{0}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <source>What would be created</source>
        <translation>O que seria criado</translation>
    </message>
    <message>
        <source>File row</source>
        <translation>Linha do arquivo</translation>
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
        <source>Qty</source>
        <translation>Qtd</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Expedição</translation>
    </message>
    <message>
        <source>Status / kind</source>
        <translation>Status / tipo</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalhes</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s): nothing can be imported until the file is fixed</source>
        <translation>
            <numerusform>%n problema: nada pode ser importado até o arquivo ser corrigido</numerusform>
            <numerusform>%n problemas: nada pode ser importado até o arquivo ser corrigido</numerusform>
        </translation>
    </message>
    <message>
        <source>The file would create {0} and {1} with {2}.</source>
        <translation>O arquivo criaria {0} e {1} com {2}.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln pre-separation(s)</source>
        <translation>
            <numerusform>%Ln pré-separação</numerusform>
            <numerusform>%Ln pré-separações</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln batch(es)</source>
        <translation>
            <numerusform>%Ln lote</numerusform>
            <numerusform>%Ln lotes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln linha</numerusform>
            <numerusform>%Ln linhas</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing is written until you press Import; then all of it is written, or nothing.</source>
        <translation>Nada é gravado até você clicar em Importar; então tudo é gravado, ou nada.</translation>
    </message>
    <message>
        <source>Nothing was written. Fix the rows named below and import the file again.</source>
        <translation>Nada foi gravado. Corrija as linhas indicadas abaixo e importe o arquivo de novo.</translation>
    </message>
    <message>
        <source>Pre-separations ({0})</source>
        <translation>Pré-separações ({0})</translation>
    </message>
    <message>
        <source>Batches ({0})</source>
        <translation>Lotes ({0})</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n linha</numerusform>
            <numerusform>%n linhas</numerusform>
        </translation>
    </message>
    <message>
        <source>The file has problems: fix the rows named above first</source>
        <translation>O arquivo tem problemas: corrija antes as linhas indicadas acima</translation>
    </message>
</context>
<context>
    <name>InvoiceDialog</name>
    <message>
        <source>Invoice</source>
        <translation>Faturar</translation>
    </message>
    <message>
        <source>Invoice {0} (order {1}, {2})</source>
        <translation>Faturar {0} (pedido {1}, {2})</translation>
    </message>
    <message>
        <source>FATURADO is final: the batch leaves the balance and never changes.</source>
        <translation>FATURADO é final: o lote sai do saldo e não muda mais.</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Obrigatório</translation>
    </message>
    <message>
        <source>Invoice number (NF):</source>
        <translation>Número da NF:</translation>
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
        <source>Not covered</source>
        <extracomment>What raised an alert, in the words of the kinds of change (a removal alert is the &quot;Removed&quot; kind).</extracomment>
        <translation>Não coberto</translation>
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
    <name>LineDecisions</name>
    <message>
        <source>Pre-separate…</source>
        <extracomment>A decision was written (its result: a ``LoteView`` or a list of ``PreView``).</extracomment>
        <translation>Pré-separar…</translation>
    </message>
    <message>
        <source>Separate…</source>
        <translation>Separar…</translation>
    </message>
    <message>
        <source>Separate pre-separations…</source>
        <translation>Separar pré-separações…</translation>
    </message>
    <message>
        <source>Delete pre-separation…</source>
        <translation>Excluir pré-separação…</translation>
    </message>
    <message>
        <source>Edit pre-separation…</source>
        <translation>Editar pré-separação…</translation>
    </message>
    <message>
        <source>Select one or more lines of one order in the Carteira tab first.</source>
        <translation>Selecione antes uma ou mais linhas de um pedido na aba Carteira.</translation>
    </message>
    <message>
        <source>The selected lines are of {0} orders ({1}): a pre-separation or a batch takes lines of one order only. Select lines of one order.</source>
        <translation>As linhas selecionadas são de {0} pedidos ({1}): uma pré-separação ou um lote leva linhas de um só pedido. Selecione linhas de um pedido.</translation>
    </message>
    <message>
        <source>Pre-separate the selected lines (Ctrl+P)</source>
        <translation>Pré-separar as linhas selecionadas (Ctrl+P)</translation>
    </message>
    <message>
        <source>Make a batch of the selected lines (Ctrl+L)</source>
        <translation>Fazer um lote com as linhas selecionadas (Ctrl+L)</translation>
    </message>
    <message>
        <source>Make a batch of the selected pre-separations (Ctrl+Shift+L)</source>
        <translation>Fazer um lote com as pré-separações selecionadas (Ctrl+Shift+L)</translation>
    </message>
    <message>
        <source>Select a line with pre-separations (or pre-separations in the panel) first</source>
        <translation>Selecione antes uma linha com pré-separações (ou pré-separações no painel)</translation>
    </message>
    <message>
        <source>Change the quantity, date or note of the selected pre-separation (F2)</source>
        <translation>Mudar a quantidade, a data ou a observação da pré-separação selecionada (F2)</translation>
    </message>
    <message>
        <source>Select one pre-separation in the panel first</source>
        <translation>Selecione antes uma pré-separação no painel</translation>
    </message>
    <message>
        <source>Delete the selected pre-separations (Del)</source>
        <translation>Excluir as pré-separações selecionadas (Del)</translation>
    </message>
    <message>
        <source>Select pre-separations in the panel first</source>
        <translation>Selecione antes pré-separações no painel</translation>
    </message>
    <message>
        <source>made: #{0}</source>
        <translation>feita: #{0}</translation>
    </message>
    <message>
        <source>Already made: {0}.</source>
        <translation>Já feitas: {0}.</translation>
    </message>
    <message>
        <source>Pre-separate</source>
        <translation>Pré-separar</translation>
    </message>
    <message>
        <source>Pre-separation #{0} made: {1} of {2}/{3}, shipping {4}.</source>
        <translation>Pré-separação #{0} feita: {1} de {2}/{3}, expedição {4}.</translation>
    </message>
    <message numerus="yes">
        <source>%n pre-separation(s) made.</source>
        <translation>
            <numerusform>%n pré-separação feita.</numerusform>
            <numerusform>%n pré-separações feitas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Separate</source>
        <translation>Separar</translation>
    </message>
    <message numerus="yes">
        <source>Batch {0} made (ABERTO): %n line(s), {1} in total. See it in the Batches tab.</source>
        <translation>
            <numerusform>Lote {0} criado (ABERTO): %n linha, {1} no total. Veja-o na aba Lotes.</numerusform>
            <numerusform>Lote {0} criado (ABERTO): %n linhas, {1} no total. Veja-o na aba Lotes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a line with pre-separations (or pre-separations in the panel).</source>
        <translation>Selecione uma linha com pré-separações (ou pré-separações no painel).</translation>
    </message>
    <message>
        <source>Separate pre-separations</source>
        <translation>Separar pré-separações</translation>
    </message>
    <message>
        <source>Order {0} has no pre-separations any more.</source>
        <translation>O pedido {0} não tem mais pré-separações.</translation>
    </message>
    <message>
        <source>Select one pre-separation in the panel first.</source>
        <translation>Selecione antes uma pré-separação no painel.</translation>
    </message>
    <message>
        <source>Pre-separation #{0} saved: {1}, shipping {2}.</source>
        <translation>Pré-separação #{0} salva: {1}, expedição {2}.</translation>
    </message>
    <message>
        <source>Edit pre-separation</source>
        <translation>Editar pré-separação</translation>
    </message>
    <message>
        <source>Select pre-separations in the panel first.</source>
        <translation>Selecione antes pré-separações no painel.</translation>
    </message>
    <message>
        <source>Delete pre-separation</source>
        <translation>Excluir pré-separação</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n pre-separation(s)?</source>
        <translation>
            <numerusform>Excluir %n pré-separação?</numerusform>
            <numerusform>Excluir %n pré-separações?</numerusform>
        </translation>
    </message>
    <message>
        <source>{0}. Their quantity goes back to the free balance of the line.</source>
        <translation>{0}. A quantidade volta para o saldo livre da linha.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
    <message numerus="yes">
        <source>%n pre-separation(s) deleted.</source>
        <translation>
            <numerusform>%n pré-separação excluída.</numerusform>
            <numerusform>%n pré-separações excluídas.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LineLoteModel</name>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Qtd</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Expedição</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalhes</translation>
    </message>
    <message>
        <source>loaded {0}</source>
        <translation>embarque {0}</translation>
    </message>
    <message>
        <source>NF {0}</source>
        <translation>NF {0}</translation>
    </message>
</context>
<context>
    <name>LinePanel</name>
    <message>
        <source>Balance</source>
        <extracomment>Narrower than this, the panel&apos;s text buttons show only their icons. A lote of the line was activated (double click or Enter): its code. The selection of pré-separações changed.</extracomment>
        <translation>Qtd saldo</translation>
    </message>
    <message>
        <source>Free balance</source>
        <translation>Saldo livre</translation>
    </message>
    <message>
        <source>Pre-separated</source>
        <translation>Pré-separado</translation>
    </message>
    <message>
        <source>In batches</source>
        <translation>Em lotes</translation>
    </message>
    <message>
        <source>Pre-separations</source>
        <translation>Pré-separações</translation>
    </message>
    <message>
        <source>Batches</source>
        <extracomment>The tab puts its buttons for the selected pré-separações here.</extracomment>
        <translation>Lotes</translation>
    </message>
    <message>
        <source>Double click (or Enter) opens the batch in the Batches tab</source>
        <translation>Clique duplo (ou Enter) abre o lote na aba Lotes</translation>
    </message>
    <message>
        <source>Recent history</source>
        <translation>Histórico recente</translation>
    </message>
    <message>
        <source>Select a line to see its free balance, its allocations and its history.</source>
        <translation>Selecione uma linha para ver o saldo livre, as alocações e o histórico dela.</translation>
    </message>
    <message>
        <source>The line {0}/{1} is no longer in the carteira.</source>
        <translation>A linha {0}/{1} não está mais na carteira.</translation>
    </message>
    <message>
        <source>Pre-separations ({0})</source>
        <translation>Pré-separações ({0})</translation>
    </message>
    <message>
        <source>Batches ({0})</source>
        <translation>Lotes ({0})</translation>
    </message>
</context>
<context>
    <name>LoteFromPresDialog</name>
    <message>
        <source>Separate pre-separations</source>
        <translation>Separar pré-separações</translation>
    </message>
    <message>
        <source>New batch from pre-separations of order &lt;b&gt;{0}&lt;/b&gt;</source>
        <translation>Novo lote com pré-separações do pedido &lt;b&gt;{0}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Create batch</source>
        <translation>Criar lote</translation>
    </message>
    <message>
        <source>Each ticked pre-separation becomes a row of the new ABERTO batch and is deleted.</source>
        <translation>Cada pré-separação marcada vira uma linha do novo lote ABERTO e é excluída.</translation>
    </message>
    <message>
        <source>#{0} · {1} {2} · {3} · shipping {4} · {5}</source>
        <translation>#{0} · {1} {2} · {3} · expedição {4} · {5}</translation>
    </message>
    <message>
        <source>Shipping date:</source>
        <translation>Data de expedição:</translation>
    </message>
    <message numerus="yes">
        <source>%n pre-separation(s) ticked, {0} in total</source>
        <translation>
            <numerusform>%n pré-separação marcada, {0} no total</numerusform>
            <numerusform>%n pré-separações marcadas, {0} no total</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoteImpactModel</name>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>Transportadora</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Expedição</translation>
    </message>
    <message>
        <source>Batch total</source>
        <translation>Total do lote</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Depois</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Variação</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alerta</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Linhas</translation>
    </message>
</context>
<context>
    <name>LoteItemModel</name>
    <message>
        <source>Product</source>
        <translation>Produto</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descrição</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Qtd</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
</context>
<context>
    <name>LoteTreeModel</name>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Expedição</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Itens</translation>
    </message>
    <message>
        <source>Total qty</source>
        <translation>Qtd total</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>Transportadora</translation>
    </message>
    <message>
        <source>Freight</source>
        <translation>Frete</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>Embarque</translation>
    </message>
    <message>
        <source>Invoice no.</source>
        <translation>NF</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>Criado por</translation>
    </message>
    <message numerus="yes">
        <source>{0} — %n batch(es), {1} in total</source>
        <translation>
            <numerusform>{0} — %n lote, {1} no total</numerusform>
            <numerusform>{0} — %n lotes, {1} no total</numerusform>
        </translation>
    </message>
    <message>
        <source>no shipping date</source>
        <translation>sem data de expedição</translation>
    </message>
    <message numerus="yes">
        <source>Shipping {0} — %n batch(es), {1}</source>
        <translation>
            <numerusform>Expedição {0} — %n lote, {1}</numerusform>
            <numerusform>Expedição {0} — %n lotes, {1}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Lotes</name>
    <message>
        <source>{0} · {1} · order {2}</source>
        <translation>{0} · {1} · pedido {2}</translation>
    </message>
    <message>
        <source>Shipping {0}; made by {1} at {2}</source>
        <translation>Expedição {0}; criado por {1} em {2}</translation>
    </message>
    <message>
        <source>Carrier {0}; freight {1}</source>
        <translation>Transportadora {0}; frete {1}</translation>
    </message>
    <message>
        <source>Loaded {0}; invoice {1}</source>
        <translation>Embarque {0}; NF {1}</translation>
    </message>
</context>
<context>
    <name>LotesTab</name>
    <message>
        <source>Search batch, order, client, carrier, invoice or product…</source>
        <extracomment>A decision on a lote was written (the ``LoteView`` after it).</extracomment>
        <translation>Procurar lote, pedido, cliente, transportadora, NF ou produto…</translation>
    </message>
    <message>
        <source>Select a batch to see its rows.</source>
        <translation>Selecione um lote para ver as linhas dele.</translation>
    </message>
    <message>
        <source>Quote…</source>
        <translation>Cotar…</translation>
    </message>
    <message>
        <source>Back to ABERTO…</source>
        <translation>Voltar para ABERTO…</translation>
    </message>
    <message>
        <source>Load…</source>
        <translation>Embarcar…</translation>
    </message>
    <message>
        <source>Invoice…</source>
        <translation>Faturar…</translation>
    </message>
    <message>
        <source>Edit quantities…</source>
        <translation>Editar quantidades…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Excluir…</translation>
    </message>
    <message>
        <source>{0} batches</source>
        <translation>{0} lotes</translation>
    </message>
    <message>
        <source>{0} of {1} batches</source>
        <translation>{0} de {1} lotes</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;{0}&lt;/b&gt; · order {1} · {2} · %n row(s), {3} in total</source>
        <translation>
            <numerusform>&lt;b&gt;{0}&lt;/b&gt; · pedido {1} · {2} · %n linha, {3} no total</numerusform>
            <numerusform>&lt;b&gt;{0}&lt;/b&gt; · pedido {1} · {2} · %n linhas, {3} no total</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a batch first.</source>
        <translation>Selecione antes um lote.</translation>
    </message>
    <message>
        <source>Only an ABERTO batch can be quoted</source>
        <translation>Só um lote ABERTO pode ser cotado</translation>
    </message>
    <message>
        <source>Only a COTADO batch goes back to ABERTO</source>
        <translation>Só um lote COTADO volta para ABERTO</translation>
    </message>
    <message>
        <source>Only an ABERTO or COTADO batch can be loaded</source>
        <translation>Só um lote ABERTO ou COTADO pode ser embarcado</translation>
    </message>
    <message>
        <source>Only an EMBARCADO batch can be invoiced</source>
        <translation>Só um lote EMBARCADO pode ser faturado</translation>
    </message>
    <message>
        <source>Only an ABERTO batch changes its quantities (a COTADO one goes back to ABERTO first)</source>
        <translation>Só um lote ABERTO muda as quantidades (um COTADO volta antes para ABERTO)</translation>
    </message>
    <message>
        <source>Only an ABERTO batch can be deleted</source>
        <translation>Só um lote ABERTO pode ser excluído</translation>
    </message>
    <message>
        <source>{0}: {1} is {2}.</source>
        <translation>{0}: {1} está {2}.</translation>
    </message>
    <message>
        <source>ABERTO → COTADO: carrier and freight (Ctrl+Shift+C)</source>
        <translation>ABERTO → COTADO: transportadora e frete (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>COTADO → ABERTO: the freight quote is cancelled (Ctrl+Shift+A)</source>
        <translation>COTADO → ABERTO: a cotação do frete é cancelada (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>→ EMBARCADO: the loading date (Ctrl+Shift+E)</source>
        <translation>→ EMBARCADO: a data de embarque (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <source>EMBARCADO → FATURADO: the invoice number (Ctrl+Shift+F)</source>
        <translation>EMBARCADO → FATURADO: o número da NF (Ctrl+Shift+F)</translation>
    </message>
    <message>
        <source>Change the rows of an ABERTO batch (F2)</source>
        <translation>Mudar as linhas de um lote ABERTO (F2)</translation>
    </message>
    <message>
        <source>Delete an ABERTO batch: its quantities go back to free balance (Del)</source>
        <translation>Excluir um lote ABERTO: as quantidades voltam para o saldo livre (Del)</translation>
    </message>
    <message>
        <source>Quote freight</source>
        <translation>Cotar frete</translation>
    </message>
    <message>
        <source>Batch {0} is now {1}.</source>
        <translation>O lote {0} agora está {1}.</translation>
    </message>
    <message>
        <source>Back to ABERTO</source>
        <translation>Voltar para ABERTO</translation>
    </message>
    <message>
        <source>Put {0} back to ABERTO?</source>
        <translation>Voltar o {0} para ABERTO?</translation>
    </message>
    <message>
        <source>The freight quote is cancelled (carrier and freight stay in the history) and the batch&apos;s quantities can be changed again.</source>
        <translation>A cotação do frete é cancelada (transportadora e frete ficam no histórico) e as quantidades do lote podem mudar de novo.</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>Embarcar</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>Faturar</translation>
    </message>
    <message>
        <source>Edit batch quantities</source>
        <translation>Editar quantidades do lote</translation>
    </message>
    <message>
        <source>Batch {0} saved.</source>
        <translation>Lote {0} salvo.</translation>
    </message>
    <message>
        <source>Delete batch</source>
        <translation>Excluir lote</translation>
    </message>
    <message>
        <source>Delete {0}?</source>
        <translation>Excluir o {0}?</translation>
    </message>
    <message numerus="yes">
        <source>Its %n row(s) ({0} in total) go back to the free balance of their lines.</source>
        <translation>
            <numerusform>A linha dele ({0}) volta para o saldo livre.</numerusform>
            <numerusform>As %n linhas dele ({0} no total) voltam para o saldo livre.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
    <message>
        <source>Batch {0} deleted.</source>
        <translation>Lote {0} excluído.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Carteira Sync — {0}</source>
        <extracomment>A plan was computed and is under review. A plan was applied (``ApplyResult``). Carteira, alerts and history were (re)loaded. A report was written (``Path``). Alerts were acknowledged (list of ids). A message was shown to the planner (expected failure, cancellation, outcome). A dialog was opened (the dialog). The running ops&apos; tasks (``busy``, ``running(name)``): what tests and the screenshots wait on.</extracomment>
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
        <source>Discard plan</source>
        <translation>Descartar plano</translation>
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
        <source>Import decisions…</source>
        <translation>Importar decisões…</translation>
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
        <source>Next tab</source>
        <translation>Próxima aba</translation>
    </message>
    <message>
        <source>Previous tab</source>
        <translation>Aba anterior</translation>
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
        <source>&amp;Decisions</source>
        <translation>&amp;Decisões</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Exibir</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;juda</translation>
    </message>
    <message>
        <source>a plan is under review</source>
        <translation>há um plano em revisão</translation>
    </message>
    <message>
        <source>Automatic sync applied the safe changes; {0} held for review.</source>
        <translation>A sincronização automática aplicou as mudanças seguras; {0} retidas para revisão.</translation>
    </message>
    <message>
        <source>&amp;Plan ({0})</source>
        <translation>&amp;Plano ({0})</translation>
    </message>
    <message>
        <source>{0} changes waiting for review, {1} CRÍTICO</source>
        <translation>{0} mudanças esperando revisão, {1} CRÍTICO</translation>
    </message>
    <message>
        <source>A fetch is running. Quitting cancels it; nothing is changed.</source>
        <translation>Uma busca está em andamento. Sair a cancela; nada é alterado.</translation>
    </message>
    <message numerus="yes">
        <source>The plan under review (%Ln change(s)) was not applied. Quitting discards it; nothing is written.</source>
        <translation>
            <numerusform>O plano em revisão (%Ln mudança) não foi aplicado. Sair o descarta; nada é gravado.</numerusform>
            <numerusform>O plano em revisão (%Ln mudanças) não foi aplicado. Sair o descarta; nada é gravado.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit Carteira Sync?</source>
        <translation>Sair do Carteira Sync?</translation>
    </message>
    <message>
        <source>Quit anyway</source>
        <translation>Sair mesmo assim</translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation>Continuar trabalhando</translation>
    </message>
    <message>
        <source>Carteira</source>
        <translation>Carteira</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Lotes</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plano</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Histórico</translation>
    </message>
    <message>
        <source>&amp;Carteira</source>
        <translation>&amp;Carteira</translation>
    </message>
    <message>
        <source>&amp;Batches</source>
        <translation>&amp;Lotes</translation>
    </message>
    <message>
        <source>&amp;Plan</source>
        <translation>&amp;Plano</translation>
    </message>
    <message>
        <source>Ale&amp;rts</source>
        <translation>Ale&amp;rtas</translation>
    </message>
    <message>
        <source>H&amp;istory</source>
        <translation>&amp;Histórico</translation>
    </message>
    <message>
        <source>Ale&amp;rts ({0})</source>
        <translation>Ale&amp;rtas ({0})</translation>
    </message>
    <message>
        <source>{0} critical and {1} warning alerts to acknowledge; {2} INFO open.</source>
        <translation>A reconhecer — CRÍTICO: {0}, ATENÇÃO: {1}. INFO abertos: {2}.</translation>
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
        <source>There is no sync to report yet. Fetch, review and apply a plan first.</source>
        <translation>Ainda não há sincronização para relatar. Busque, revise e aplique um plano primeiro.</translation>
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
    <name>PlanLotesView</name>
    <message>
        <source>Enter or double click: the lines of this batch in the review</source>
        <extracomment>Show this lote&apos;s lines in the line view. Open this lote in the Lotes tab.</extracomment>
        <translation>Enter ou duplo clique: as linhas deste lote na revisão</translation>
    </message>
    <message>
        <source>Open in the Batches tab</source>
        <translation>Abrir na aba Lotes</translation>
    </message>
    <message>
        <source>{0} batches hit by this sync, {1} of them COTADO (their freight must be reviewed).</source>
        <translation>Lotes atingidos por esta sincronização: {0}; COTADO: {1} (o frete deles precisa ser revisto).</translation>
    </message>
    <message>
        <source>This sync touches no batch: no separation changes.</source>
        <translation>Esta sincronização não atinge nenhum lote: nenhuma separação muda.</translation>
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
        <source>Change</source>
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
        <extracomment>First widths of the tree&apos;s columns (Pedido … Alerta; Impacto takes the rest); Cliente follows the width. Open a lote in the Lotes tab (its code). A CRÍTICO line was ticked or unticked as reviewed.</extracomment>
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
        <source>Discard this plan; nothing is written (Ctrl+Shift+D)</source>
        <translation>Descartar este plano; nada é gravado (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <source>Filter by order, product, client or batch…</source>
        <extracomment>Counts, alerts (destructive first), how many CRÍTICO lines are ticked; Apply and Discard.</extracomment>
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
        <source>By line</source>
        <extracomment>The plan by lote (its parts are aliased for tests and the window).</extracomment>
        <translation>Por linha</translation>
    </message>
    <message>
        <source>By batch</source>
        <translation>Por lote</translation>
    </message>
    <message>
        <source>I reviewed this CRITICAL line (Space)</source>
        <translation>Revisei esta linha CRÍTICA (Espaço)</translation>
    </message>
    <message>
        <source>Fetch again (F5)</source>
        <translation>Buscar de novo (F5)</translation>
    </message>
    <message>
        <source>No plan under review.&lt;br&gt;Fetch from Odoo to see what a sync would do to the carteira before anything is written.</source>
        <translation>Nenhum plano em revisão.&lt;br&gt;Busque no Odoo para ver o que a sincronização faria com a carteira antes de gravar qualquer coisa.</translation>
    </message>
    <message>
        <source>Nothing to change: the carteira already matches the source.</source>
        <translation>Nada a mudar: a carteira já está igual à origem.</translation>
    </message>
    <message>
        <source>{0} · computed at {1} · {2} lines in the carteira, none to change.</source>
        <translation>{0} · calculado em {1} · {2} linhas na carteira, nenhuma a mudar.</translation>
    </message>
    <message>
        <source>The plan below is the previous one: it cannot be applied until the fetch ends.</source>
        <translation>O plano abaixo é o anterior: não pode ser aplicado até a busca terminar.</translation>
    </message>
    <message>
        <source>Plan · source: {0}</source>
        <translation>Plano · origem: {0}</translation>
    </message>
    <message>
        <source>This plan is out of date: the carteira changed since it was computed. Nothing was written. Fetch again (F5) to review a new plan.</source>
        <translation>Este plano está desatualizado: a carteira mudou depois do cálculo. Nada foi gravado. Busque de novo (F5) para revisar um plano novo.</translation>
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
    <message numerus="yes">
        <source>Reviewed: {0} of %n critical line(s)</source>
        <translation>
            <numerusform>Revisadas: {0} de %n linha CRÍTICA</numerusform>
            <numerusform>Revisadas: {0} de %n linhas CRÍTICAS</numerusform>
        </translation>
    </message>
    <message>
        <source>Mass removal: this plan removes {0} of the {1} lines of the carteira, above the limit of {2} %. Check Odoo&apos;s filter and answer before applying; you will be asked to type the number.</source>
        <translation>Remoção em massa: este plano remove {0} das {1} linhas da carteira, acima do limite de {2} %. Confira o filtro e a resposta do Odoo antes de aplicar; será pedido que você digite o número.</translation>
    </message>
    <message>
        <source>By batch ({0})</source>
        <translation>Por lote ({0})</translation>
    </message>
    <message>
        <source>The selected line ({0}/{1}) is hidden by the filter. Select a line to see its detail.</source>
        <translation>A linha selecionada ({0}/{1}) está escondida pelo filtro. Selecione uma linha para ver o detalhe.</translation>
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
    <name>PreModel</name>
    <message>
        <source>Qty</source>
        <extracomment>The order of the status groups: what still moves first, history last. The colour of each status (text of the status cell and of its group row).</extracomment>
        <translation>Qtd</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Expedição</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Observação</translation>
    </message>
    <message>
        <source>Pre-separation #{0} of {1}, shipping {2}, made by {3} at {4}</source>
        <translation>Pré-separação #{0} de {1}, expedição {2}, feita por {3} em {4}</translation>
    </message>
</context>
<context>
    <name>QuantityGrid</name>
    <message>
        <source>From 0 to {0}; 0 leaves the line out</source>
        <extracomment>A quantity changed.</extracomment>
        <translation>De 0 a {0}; 0 deixa a linha de fora</translation>
    </message>
    <message>
        <source>no free balance</source>
        <translation>sem saldo livre</translation>
    </message>
</context>
<context>
    <name>QuoteDialog</name>
    <message>
        <source>Quote freight</source>
        <translation>Cotar frete</translation>
    </message>
    <message>
        <source>Quote the freight of {0} (order {1}, {2})</source>
        <translation>Cotar o frete do {0} (pedido {1}, {2})</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>Cotar</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s), {0} in total. Its quantities are frozen while it is COTADO.</source>
        <translation>
            <numerusform>%n item, {0} no total. As quantidades ficam congeladas enquanto ele estiver COTADO.</numerusform>
            <numerusform>%n itens, {0} no total. As quantidades ficam congeladas enquanto ele estiver COTADO.</numerusform>
        </translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Opcional</translation>
    </message>
    <message>
        <source>Optional; empty when not known yet</source>
        <translation>Opcional; vazio se ainda não se sabe</translation>
    </message>
    <message>
        <source>Carrier:</source>
        <translation>Transportadora:</translation>
    </message>
    <message>
        <source>Freight (R$):</source>
        <translation>Frete (R$):</translation>
    </message>
</context>
<context>
    <name>ReportExporter</name>
    <message>
        <source>Export the report</source>
        <translation>Exportar o relatório</translation>
    </message>
    <message>
        <source>Writing {0}…</source>
        <translation>Gravando {0}…</translation>
    </message>
    <message>
        <source>Export the report of the plan under review (not applied)</source>
        <extracomment>The formats a report is written in, told by the file name&apos;s extension. A report was written (``Path``). Chooses where to save a report: ``(suggested file name, what is exported) -&gt; path or None``. Tests replace it.</extracomment>
        <translation>Exportar o relatório do plano em revisão (não aplicado)</translation>
    </message>
    <message>
        <source>Export the report of sync #{0}</source>
        <translation>Exportar o relatório da sincronização #{0}</translation>
    </message>
    <message>
        <source>The report of the plan under review</source>
        <translation>O relatório do plano em revisão</translation>
    </message>
    <message>
        <source>The report of sync #{0}</source>
        <translation>O relatório da sincronização #{0}</translation>
    </message>
    <message>
        <source>The report of the latest sync</source>
        <translation>O relatório da última sincronização</translation>
    </message>
    <message>
        <source>{0} was saved to {1}.</source>
        <translation>{0} foi salvo em {1}.</translation>
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
</context>
<context>
    <name>RunChangeModel</name>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alerta</translation>
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
        <source>Change</source>
        <translation>Variação</translation>
    </message>
    <message>
        <source>{0} (held)</source>
        <translation>{0} (retida)</translation>
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
        <translation>Sincronização</translation>
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
        <source>Total change</source>
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
        <source>the address must start with http:// or https:// (for example {0})</source>
        <extracomment>The environment variables that override the settings file (``adapters.odoo.config``): a value given there is not missing from the settings.</extracomment>
        <translation>o endereço precisa começar com http:// ou https:// (por exemplo {0})</translation>
    </message>
    <message>
        <source>the address must not hold a user or password: type them in their own fields</source>
        <translation>o endereço não pode conter usuário nem senha: digite-os nos campos próprios</translation>
    </message>
    <message>
        <source>the address has no valid server name or port</source>
        <translation>o endereço não tem um nome de servidor ou uma porta válidos</translation>
    </message>
    <message>
        <source>the address must have only the server and the port (for example {0})</source>
        <translation>o endereço deve ter só o servidor e a porta (por exemplo {0})</translation>
    </message>
    <message>
        <source>the Odoo address is missing</source>
        <translation>falta o endereço do Odoo</translation>
    </message>
    <message>
        <source>the database is missing</source>
        <translation>falta a base de dados</translation>
    </message>
    <message>
        <source>JSON-2 needs an API key</source>
        <translation>o JSON-2 exige uma chave de API</translation>
    </message>
    <message>
        <source>the user is missing</source>
        <translation>falta o usuário</translation>
    </message>
    <message>
        <source>the password or API key is missing</source>
        <translation>falta a senha ou a chave de API</translation>
    </message>
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
        <source>Ordered − invoiced (qty_invoiced)</source>
        <translation>Pedido − faturado (qty_invoiced)</translation>
    </message>
    <message>
        <source>Ordered − delivered (qty_delivered)</source>
        <translation>Pedido − entregue (qty_delivered)</translation>
    </message>
    <message>
        <source>A field of my own</source>
        <translation>Um campo próprio</translation>
    </message>
    <message>
        <source>e.g. qty_saldo</source>
        <translation>p. ex. qty_saldo</translation>
    </message>
    <message>
        <source>Odoo 17 counts draft invoices in qty_invoiced: a line invoiced in a draft leaves the carteira before the invoice is confirmed. Choose “delivered” to follow the deliveries instead.</source>
        <translation>O Odoo 17 conta faturas em rascunho em qty_invoiced: uma linha faturada num rascunho sai da carteira antes de a fatura ser confirmada. Escolha “entregue” para seguir as entregas.</translation>
    </message>
    <message>
        <source>Refuse the fetch and name the products (fix them in Odoo)</source>
        <translation>Recusar a busca e nomear os produtos (corrija-os no Odoo)</translation>
    </message>
    <message>
        <source>Leave them out and list them in the plan</source>
        <translation>Deixá-las de fora e listá-las no plano</translation>
    </message>
    <message>
        <source>empty: the server&apos;s default language</source>
        <translation>vazio: o idioma padrão do servidor</translation>
    </message>
    <message>
        <source>Open balance:</source>
        <translation>Saldo em aberto:</translation>
    </message>
    <message>
        <source>Balance field:</source>
        <translation>Campo do saldo:</translation>
    </message>
    <message>
        <source>Goods without an internal reference:</source>
        <translation>Mercadorias sem referência interna:</translation>
    </message>
    <message>
        <source>Odoo language:</source>
        <translation>Idioma do Odoo:</translation>
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
        <source> lines</source>
        <translation> linhas</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>off</source>
        <translation>desligado</translation>
    </message>
    <message>
        <source>Mass removal above:</source>
        <translation>Remoção em massa acima de:</translation>
    </message>
    <message>
        <source>…and at least:</source>
        <translation>…e ao menos:</translation>
    </message>
    <message>
        <source>Sync automatically every:</source>
        <translation>Sincronizar automaticamente a cada:</translation>
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
        <source>recorded with every sync, decision and acknowledgement</source>
        <translation>fica registrado em cada sincronização, decisão e reconhecimento</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>Seu nome:</translation>
    </message>
    <message>
        <source>Database URL:</source>
        <translation>URL do banco de dados:</translation>
    </message>
    <message>
        <source>The database takes effect the next time the program opens.</source>
        <translation>O banco de dados passa a valer na próxima vez que o programa abrir.</translation>
    </message>
    <message>
        <source>Cannot test yet: {0}.</source>
        <translation>Ainda não dá para testar: {0}.</translation>
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
    <name>SettingsMessage</name>
    <message>
        <source>Open Settings</source>
        <extracomment>The kinds of change, destructive first: the order of the review, the reports and every count. The planner pressed &quot;Open Settings&quot;.</extracomment>
        <translation>Abrir Configurações</translation>
    </message>
</context>
<context>
    <name>ShipDialog</name>
    <message>
        <source>Load</source>
        <translation>Embarcar</translation>
    </message>
    <message>
        <source>Load {0} (order {1}, {2})</source>
        <translation>Embarcar {0} (pedido {1}, {2})</translation>
    </message>
    <message>
        <source>Once loaded, the batch never changes again; only invoicing remains.</source>
        <translation>Depois de embarcado, o lote não muda mais; só falta faturar.</translation>
    </message>
    <message>
        <source>Loading date:</source>
        <translation>Data de embarque:</translation>
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
        <source>What changed in the lines of this plan:</source>
        <translation>O que mudou nas linhas deste plano:</translation>
    </message>
    <message>
        <source>(automatic)</source>
        <translation>(automática)</translation>
    </message>
    <message numerus="yes">
        <source>Sync #{0} of {1} by {2}: %n line(s) changed</source>
        <translation>
            <numerusform>Sincronização #{0} de {1} por {2}: %n linha mudou</numerusform>
            <numerusform>Sincronização #{0} de {1} por {2}: %n linhas mudaram</numerusform>
        </translation>
    </message>
    <message>
        <source>and {0} more (see History)</source>
        <translation>e mais {0} (veja o Histórico)</translation>
    </message>
    <message>
        <source>Syncs applied since this plan was fetched:</source>
        <translation>Sincronizações aplicadas depois que este plano foi buscado:</translation>
    </message>
    <message>
        <source>No sync was applied meanwhile: the carteira was changed by other means (for example loaded again from a state file).</source>
        <translation>Nenhuma sincronização foi aplicada nesse meio-tempo: a carteira foi alterada de outro modo (por exemplo, carregada de novo de um arquivo de estado).</translation>
    </message>
    <message>
        <source>Fetch again</source>
        <translation>Buscar de novo</translation>
    </message>
</context>
<context>
    <name>StatusArea</name>
    <message>
        <source>Cancel</source>
        <extracomment>How long a message stays in the status bar.</extracomment>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>SyncFlow</name>
    <message>
        <source>The plan was discarded. Nothing was changed.</source>
        <translation>O plano foi descartado. Nada foi alterado.</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was written. The %n CRITICAL line(s) ticked as reviewed lose their ticks; a new fetch shows them again.</source>
        <translation>
            <numerusform>Nada foi gravado. A linha CRÍTICA marcada como revisada perde a marca; uma nova busca a mostra de novo.</numerusform>
            <numerusform>Nada foi gravado. As %n linhas CRÍTICAS marcadas como revisadas perdem a marca; uma nova busca as mostra de novo.</numerusform>
        </translation>
    </message>
    <message>
        <source>Fetch from Odoo</source>
        <translation>Buscar no Odoo</translation>
    </message>
    <message>
        <source>Fetch failed</source>
        <translation>A busca falhou</translation>
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
        <source>a few seconds left</source>
        <extracomment>How long a freshness check stays valid before window activation checks again, in seconds. How many of the syncs that made a plan stale, and of each one&apos;s changes, the stale dialog lists. The services&apos; sentence when no line of the plan explains a stale plan (the syncs named instead say what).</extracomment>
        <translation>faltam poucos segundos</translation>
    </message>
    <message>
        <source>about {0} s left</source>
        <translation>faltam cerca de {0} s</translation>
    </message>
    <message>
        <source>about {0} min left</source>
        <translation>faltam cerca de {0} min</translation>
    </message>
    <message>
        <source>There is no plan under review. Fetch from Odoo (F5) first.</source>
        <extracomment>A plan was computed and is under review. A plan was applied (``ApplyResult``). The plan under review, or its freshness, changed: actions are re-evaluated. The planner asked to open the settings (from a failed or unconfigured fetch). The clock of the freshness interval: monotonic, so that a change of the wall clock has no effect. Builds the source of a fetch (F5): the Odoo of the settings unless replaced. Chooses a JSON source file: ``() -&gt; path or None``. Tests replace it. The newest sync when the plan under review was fetched: newer ones are what made it stale.</extracomment>
        <translation>Não há plano em revisão. Busque no Odoo (F5) primeiro.</translation>
    </message>
    <message>
        <source>Nothing to apply: the carteira already matches the source.</source>
        <translation>Nada a aplicar: a carteira já está igual à origem.</translation>
    </message>
    <message>
        <source>Wait for the fetch to end: it replaces the plan under review.</source>
        <translation>Espere a busca terminar: ela substitui o plano em revisão.</translation>
    </message>
    <message>
        <source>The plan is being checked or applied already.</source>
        <translation>O plano já está sendo conferido ou aplicado.</translation>
    </message>
    <message>
        <source>This plan is out of date: nothing was written. Fetch again (F5) to review a new plan.</source>
        <translation>Este plano está desatualizado: nada foi gravado. Busque de novo (F5) para revisar um plano novo.</translation>
    </message>
    <message>
        <source>Discard the plan?</source>
        <translation>Descartar o plano?</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Keep reviewing</source>
        <translation>Continuar revisando</translation>
    </message>
    <message>
        <source>The connection to Odoo is not complete: {0}. Nothing was changed. Open Settings (Ctrl+,) to fill it in, then fetch again.</source>
        <translation>A conexão com o Odoo não está completa: {0}. Nada foi alterado. Abra Configurações (Ctrl+,) para completá-la e busque de novo.</translation>
    </message>
    <message>
        <source>Open Settings (Ctrl+,) to check the connection.</source>
        <translation>Abra Configurações (Ctrl+,) para conferir a conexão.</translation>
    </message>
    <message>
        <source>If the address, database, user or password changed, open Settings (Ctrl+,).</source>
        <translation>Se o endereço, a base, o usuário ou a senha mudaram, abra Configurações (Ctrl+,).</translation>
    </message>
    <message>
        <source>Plan computed: {0} changes, {1} critical alerts ({2}). Review it, then apply.</source>
        <translation>Plano calculado: {0} mudanças, {1} alertas críticos ({2}). Revise e depois aplique.</translation>
    </message>
    <message>
        <source>Nothing to change: the carteira already matches the source ({0}).</source>
        <translation>Nada a mudar: a carteira já está igual à origem ({0}).</translation>
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
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <source>Checking the plan against the database…</source>
        <translation>Conferindo o plano com o banco de dados…</translation>
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
</context>
</TS>
