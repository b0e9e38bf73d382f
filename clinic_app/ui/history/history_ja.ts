<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>History</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Above the usual range ({range})</source>
        <translation>基準範囲（{range}）より高値</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年齢</translation>
    </message>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>受付</translation>
    </message>
    <message>
        <source>Ask the service again (allowed while the patient's consent is valid)</source>
        <translation>オンライン資格確認から取得し直します（患者さんの同意の有効期間内のみ）</translation>
    </message>
    <message>
        <source>Below the usual range ({range})</source>
        <translation>基準範囲（{range}）より低値</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>会計待ち</translation>
    </message>
    <message>
        <source>Called</source>
        <translation>呼出済</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Checkup history fetched and consent</source>
        <translation>健診情報の取得日時と同意</translation>
    </message>
    <message>
        <source>Checkup results</source>
        <translation>健診結果</translation>
    </message>
    <message>
        <source>Checkup trends</source>
        <translation>健診結果の推移</translation>
    </message>
    <message>
        <source>Checkups</source>
        <translation>健診結果</translation>
    </message>
    <message>
        <source>Choose a patient from today's list to see their histories.</source>
        <translation>左の「本日の受診者」から患者を選ぶと、薬剤情報・健診情報を表示します。</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>レセプト</translation>
    </message>
    <message>
        <source>Click a patient (or press Enter) to open. F5 refreshes the list.</source>
        <translation>患者をクリック（または Enter）で開きます。F5 で一覧を更新します。</translation>
    </message>
    <message>
        <source>Clinic / pharmacy</source>
        <translation>医療機関・薬局</translation>
    </message>
    <message>
        <source>Clm</source>
        <translation>レセ</translation>
    </message>
    <message>
        <source>Consent has expired: a new fetch needs a new card reading and consent.</source>
        <translation>同意の有効期限が切れています。再取得にはカードの読み取りと同意が改めて必要です。</translation>
    </message>
    <message>
        <source>Copy a plain-text summary for the chart</source>
        <translation>カルテに貼り付ける文字のサマリーをコピー</translation>
    </message>
    <message>
        <source>Copy for chart</source>
        <translation>カルテ用にコピー</translation>
    </message>
    <message>
        <source>Could not complete: {code}</source>
        <translation>完了できませんでした（{code}）</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>日数</translation>
    </message>
    <message>
        <source>Disp</source>
        <translation>調剤</translation>
    </message>
    <message>
        <source>Dispensing</source>
        <translation>調剤</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Drug</source>
        <translation>薬剤名</translation>
    </message>
    <message>
        <source>Drug / ingredient</source>
        <translation>薬剤名／成分</translation>
    </message>
    <message>
        <source>F</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Fetch again</source>
        <translation>再取得</translation>
    </message>
    <message>
        <source>Fetch the histories again</source>
        <translation>薬剤情報・健診情報を再取得</translation>
    </message>
    <message>
        <source>Fetched {fetched_at}</source>
        <translation>取得日時 {fetched_at}</translation>
    </message>
    <message>
        <source>Fetched from the service at {time}.</source>
        <translation>オンライン資格確認から {time} に取得しました。</translation>
    </message>
    <message>
        <source>Fetching from the service…</source>
        <translation>オンライン資格確認から取得中…</translation>
    </message>
    <message>
        <source>Fills</source>
        <translation>回数</translation>
    </message>
    <message>
        <source>Filter by drug, ingredient, clinic or usage</source>
        <translation>薬剤名・成分・医療機関・用法で絞り込み</translation>
    </message>
    <message>
        <source>Filter medication</source>
        <translation>薬剤情報の絞り込み</translation>
    </message>
    <message>
        <source>From an electronic prescription (may not be dispensed)</source>
        <translation>電子処方箋由来（未調剤の場合があります）</translation>
    </message>
    <message>
        <source>From insurance claims (about one to two months late)</source>
        <translation>レセプト（診療報酬明細書）由来。1〜2か月遅れて反映されます</translation>
    </message>
    <message>
        <source>From the pharmacy's dispensing record (same day)</source>
        <translation>薬局の調剤結果由来（当日反映）</translation>
    </message>
    <message>
        <source>Histories are for doctors only</source>
        <translation>薬剤情報・健診情報は医師のみ閲覧できます</translation>
    </message>
    <message>
        <source>History views</source>
        <translation>表示の切り替え</translation>
    </message>
    <message>
        <source>In consultation</source>
        <translation>診察中</translation>
    </message>
    <message>
        <source>Ingredient</source>
        <translation>成分名</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>検査項目</translation>
    </message>
    <message>
        <source>Last dispensed</source>
        <translation>最終調剤日</translation>
    </message>
    <message>
        <source>Latest dose</source>
        <translation>直近の用量・用法</translation>
    </message>
    <message>
        <source>M</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Medication</source>
        <translation>薬剤情報</translation>
    </message>
    <message>
        <source>Medication and checkup histories</source>
        <translation>薬剤情報・健診情報</translation>
    </message>
    <message>
        <source>Medication and checkup histories can be opened only by a doctor's account. This attempt was recorded in the audit log.</source>
        <translation>薬剤情報・特定健診情報は医師のアカウントでのみ開けます。この操作は監査ログに記録されました。</translation>
    </message>
    <message>
        <source>Medication by date</source>
        <translation>薬剤（日付別）</translation>
    </message>
    <message>
        <source>Medication by drug</source>
        <translation>薬剤（薬剤別）</translation>
    </message>
    <message>
        <source>Medication history ({start} - {end})</source>
        <translation>薬剤情報（{start}〜{end}）</translation>
    </message>
    <message>
        <source>Medication history fetched and consent</source>
        <translation>薬剤情報の取得日時と同意</translation>
    </message>
    <message>
        <source>Medication summary</source>
        <translation>薬剤情報サマリー</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>No checkup results to chart.</source>
        <translation>グラフにできる健診結果がありません。</translation>
    </message>
    <message>
        <source>No medication in this period.</source>
        <translation>この期間の薬剤情報はありません。</translation>
    </message>
    <message>
        <source>No patient with number {number}.</source>
        <translation>患者番号 {number} の患者は登録されていません。</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>番号</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Outside the normal result</source>
        <translation>基準外の結果</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>患者ID</translation>
    </message>
    <message>
        <source>Patient ID {number}  Born {birth}  Window {start} - {end}  Fetched {fetched}</source>
        <translation>患者ID {number}　生年月日 {birth}　対象期間 {start}〜{end}　取得 {fetched}</translation>
    </message>
    <message>
        <source>Patient {id}</source>
        <translation>患者 {id}</translation>
    </message>
    <message>
        <source>Periods</source>
        <translation>服用期間</translation>
    </message>
    <message>
        <source>Periods (window)</source>
        <translation>服用期間（対象期間内）</translation>
    </message>
    <message>
        <source>Prescribed {day}</source>
        <translation>処方日 {day}</translation>
    </message>
    <message>
        <source>Prescribers / pharmacies</source>
        <translation>処方元・薬局</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>印刷</translation>
    </message>
    <message>
        <source>Print the medication summary</source>
        <translation>薬剤情報サマリーを印刷</translation>
    </message>
    <message>
        <source>Printed {printed}. From the national medication information service; check with the patient before relying on it.</source>
        <translation>{printed} 出力。オンライン資格確認の薬剤情報に基づきます。ご利用の際は患者さんにもご確認ください。</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>用量</translation>
    </message>
    <message>
        <source>Ranges: specific health checkup guidance values</source>
        <translation>基準範囲は特定健診の保健指導判定値など</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Refresh today's patients</source>
        <translation>本日の受診者を更新</translation>
    </message>
    <message>
        <source>Same ingredient as: {names}</source>
        <translation>同一成分: {names}</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>PDF保存</translation>
    </message>
    <message>
        <source>Save medication summary</source>
        <translation>薬剤情報サマリーを保存</translation>
    </message>
    <message>
        <source>Save the medication summary as PDF</source>
        <translation>薬剤情報サマリーをPDFで保存</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>{name} を保存しました。</translation>
    </message>
    <message>
        <source>Show {source}</source>
        <translation>{source}を表示</translation>
    </message>
    <message>
        <source>Some fills have no day count (e.g. as-needed drugs).</source>
        <translation>日数のない調剤があります（頓服など）。</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>情報源</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>情報源</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Summary copied for the chart.</source>
        <translation>カルテ用サマリーをコピーしました。</translation>
    </message>
    <message>
        <source>Time window</source>
        <translation>対象期間</translation>
    </message>
    <message>
        <source>Today's patients</source>
        <translation>本日の受診者</translation>
    </message>
    <message>
        <source>Today's patients ({day})</source>
        <translation>本日の受診者（{day}）</translation>
    </message>
    <message>
        <source>Total days</source>
        <translation>合計日数</translation>
    </message>
    <message>
        <source>Trend of {item}</source>
        <translation>{item}の推移</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>推移グラフ</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>単位</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>用法</translation>
    </message>
    <message>
        <source>Usual range</source>
        <translation>基準範囲</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>診察待ち</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>abnormal</source>
        <translation>異常</translation>
    </message>
    <message>
        <source>above the usual range</source>
        <translation>基準範囲より高値</translation>
    </message>
    <message>
        <source>below the usual range</source>
        <translation>基準範囲より低値</translation>
    </message>
    <message>
        <source>bold: still taking</source>
        <translation>太字：服用中</translation>
    </message>
    <message>
        <source>consent expired {until}: stored copy only</source>
        <translation>同意期限切れ（{until}）：保存済みの情報のみ閲覧可</translation>
    </message>
    <message>
        <source>consent {when}</source>
        <translation>同意 {when}</translation>
    </message>
    <message>
        <source>days unknown</source>
        <translation>日数不明あり</translation>
    </message>
    <message>
        <source>e-Prescription</source>
        <translation>電子処方箋</translation>
    </message>
    <message>
        <source>eRx</source>
        <translation>電子</translation>
    </message>
    <message>
        <source>fetched {when}</source>
        <translation>取得 {when}</translation>
    </message>
    <message>
        <source>last {day}</source>
        <translation>最終 {day}</translation>
    </message>
    <message>
        <source>new fetch allowed until {until}</source>
        <translation>{until} まで再取得可</translation>
    </message>
    <message>
        <source>no consent on record</source>
        <translation>同意の記録なし</translation>
    </message>
    <message>
        <source>not fetched</source>
        <translation>未取得</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>未測定</translation>
    </message>
    <message>
        <source>patient did not agree ({when})</source>
        <translation>患者さんは同意していません（{when}）</translation>
    </message>
    <message>
        <source>same ingredient as {names}</source>
        <translation>同一成分: {names}</translation>
    </message>
    <message>
        <source>{age} y</source>
        <translation>{age}歳</translation>
    </message>
    <message>
        <source>{age} {sex}</source>
        <translation>{age}歳 {sex}</translation>
    </message>
    <message>
        <source>{checkups} checkups, {items} items</source>
        <translation>健診{checkups}回・{items}項目</translation>
    </message>
    <message>
        <source>{count} drugs share an ingredient with another (shaded)</source>
        <translation>同一成分の薬剤 {count}剤（色付き）</translation>
    </message>
    <message>
        <source>{count} fills</source>
        <translation>{count}回</translation>
    </message>
    <message>
        <source>{count} lines reported by two sources counted once</source>
        <translation>複数の情報源で重複する{count}行は1回として集計</translation>
    </message>
    <message>
        <source>{count} lines without a date</source>
        <translation>日付なし {count}行</translation>
    </message>
    <message>
        <source>{count} lines without a date are not shown.</source>
        <translation>日付のない{count}件は表示していません。</translation>
    </message>
    <message>
        <source>{count} results outside the usual range (H high, L low)</source>
        <translation>基準範囲外 {count}件（H 高値・L 低値）</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days}日分</translation>
    </message>
    <message>
        <source>{drugs} drugs</source>
        <translation>{drugs}剤</translation>
    </message>
    <message>
        <source>{lines} lines in {groups} prescriptions</source>
        <translation>{groups}件の処方・{lines}行</translation>
    </message>
    <message>
        <source>{months} months</source>
        <translation>{months}か月</translation>
    </message>
    <message>
        <source>{name}  ({kana})  ID {number}  {age} {sex}</source>
        <translation>{name}（{kana}）　ID {number}　{age} {sex}</translation>
    </message>
    <message>
        <source>{years} years</source>
        <translation>{years}年</translation>
    </message>
</context>
</TS>
