<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>CardsOnDeskPanel</name>
    <message>
        <source>Cards on the desk (demo)</source>
        <translation>机の上のカード（デモ）</translation>
    </message>
    <message>
        <source>Synthetic people</source>
        <translation>架空の受診者</translation>
    </message>
    <message>
        <source>Tap car&amp;d</source>
        <translation>カードを置く(&amp;D)</translation>
    </message>
    <message>
        <source>Take card o&amp;ff</source>
        <translation>カードを取る(&amp;F)</translation>
    </message>
    <message>
        <source>Tap the selected card</source>
        <translation>選んだカードを置く</translation>
    </message>
    <message>
        <source>Double-click or press Enter to tap a card on the reader. The patient then types the PIN shown below on the patient screen. People without a card open the numbers form.</source>
        <translation>ダブルクリックまたは Enter でカードを読み取り機に置きます。患者さんは下に表示された暗証番号を患者用画面で入力します。カードのない人は番号入力画面が開きます。</translation>
    </message>
    <message>
        <source>The selected card</source>
        <translation>選んだカード</translation>
    </message>
    <message>
        <source>Take the card off the reader</source>
        <translation>カードを読み取り機から取る</translation>
    </message>
    <message>
        <source>Service down (training)</source>
        <translation>サービス停止（練習用）</translation>
    </message>
    <message>
        <source>Service slow: 5 s (training)</source>
        <translation>サービス応答を5秒遅く（練習用）</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>ロック中</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>期限切れ</translation>
    </message>
    <message>
        <source>no card</source>
        <translation>カードなし</translation>
    </message>
    <message>
        <source>No card: “Tap card” opens the numbers form, already filled in from their certificate. Check the numbers and press OK.</source>
        <translation>カードなし：ボタンを押すと番号入力画面が開きます（資格確認書の番号は入力済み）。番号を確かめて OK を押してください。</translation>
    </message>
    <message>
        <source>PIN %1</source>
        <translation>暗証番号 %1</translation>
    </message>
    <message>
        <source>Card locked (PIN tried wrong too often): the PIN cannot be used. Use the visual check (目視確認) or check in by numbers.</source>
        <translation>カードがロックされています（暗証番号の誤りが続いたため）。暗証番号は使えません。目視確認か番号で受付してください。</translation>
    </message>
    <message>
        <source>%1 — but the card&apos;s certificate expired over 3 months ago: the card is refused. Check in by numbers.</source>
        <translation>%1 — ただし電子証明書の期限が切れて3か月を過ぎているため、カードは使えません。番号で受付してください。</translation>
    </message>
    <message>
        <source>(tries left: %1)</source>
        <translation>（残り%1回）</translation>
    </message>
    <message>
        <source>The card&apos;s certificate expired less than 3 months ago: it still works.</source>
        <translation>電子証明書の期限切れから3か月以内なので、まだ使えます。</translation>
    </message>
    <message>
        <source>One try left: staff confirm before the patient tries (a wrong PIN locks it).</source>
        <translation>残り1回：入力の前に職員が確認します（間違えるとロックされます）。</translation>
    </message>
    <message>
        <source>Type car&amp;d numbers…</source>
        <translation>番号を入力…(&amp;D)</translation>
    </message>
</context>
<context>
    <name>CheckInPanel</name>
    <message>
        <source>Check-in</source>
        <translation>資格確認・受付</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>処理中</translation>
    </message>
    <message>
        <source>&amp;New check-in</source>
        <translation>新しい受付(&amp;N)</translation>
    </message>
    <message>
        <source>New check-in</source>
        <translation>新しい受付</translation>
    </message>
    <message>
        <source>&amp;PIN on patient screen</source>
        <translation>暗証番号で確認(&amp;P)</translation>
    </message>
    <message>
        <source>PIN on patient screen</source>
        <translation>暗証番号で確認</translation>
    </message>
    <message>
        <source>&amp;Visual check (photo)</source>
        <translation>目視確認（顔写真）(&amp;V)</translation>
    </message>
    <message>
        <source>Visual check</source>
        <translation>目視確認</translation>
    </message>
    <message>
        <source>&amp;Allow last PIN try</source>
        <translation>最後の1回を許可(&amp;A)</translation>
    </message>
    <message>
        <source>Allow last PIN try</source>
        <translation>最後の1回を許可</translation>
    </message>
    <message>
        <source>Retr&amp;y</source>
        <translation>再試行(&amp;Y)</translation>
    </message>
    <message>
        <source>By nu&amp;mbers…</source>
        <translation>番号で照会…(&amp;M)</translation>
    </message>
    <message>
        <source>Qualification noti&amp;ce…</source>
        <translation>資格情報のお知らせ…(&amp;C)</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>再試行</translation>
    </message>
    <message>
        <source>Confirm visual check</source>
        <translation>目視確認の確認</translation>
    </message>
    <message>
        <source>Have you compared the photo on the card with the person and confirmed that they are the same person?</source>
        <translation>カードの顔写真とご本人を見比べて、同じ人であることを確認しましたか？</translation>
    </message>
    <message>
        <source>&amp;Confirmed</source>
        <translation>確認した(&amp;C)</translation>
    </message>
    <message>
        <source>Confirmed: same person</source>
        <translation>確認した（同じ人です）</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>やめる(&amp;S)</translation>
    </message>
    <message>
        <source>Stop: do not record a visual check</source>
        <translation>やめる（目視確認を記録しない）</translation>
    </message>
    <message>
        <source>Check by numbers</source>
        <translation>番号で照会</translation>
    </message>
    <message>
        <source>Qualification notice</source>
        <translation>資格情報のお知らせ</translation>
    </message>
    <message>
        <source>&amp;Self-declaration…</source>
        <translation>申立書で受付…(&amp;S)</translation>
    </message>
    <message>
        <source>Self-declaration</source>
        <translation>被保険者資格申立書</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>中止（Esc）</translation>
    </message>
    <message>
        <source>Cancel check-in</source>
        <translation>受付を中止</translation>
    </message>
    <message>
        <source>PIN tries left: %1</source>
        <translation>暗証番号の残り回数: %1</translation>
    </message>
    <message>
        <source>Certificate expired; usable until %1</source>
        <translation>電子証明書は期限切れ（%1 まで利用可）</translation>
    </message>
    <message>
        <source>Code: %1</source>
        <translation>コード: %1</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>処理中…</translation>
    </message>
    <message>
        <source>You can cancel with Esc.</source>
        <translation>Esc キーで中止できます。</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <source>Histories</source>
        <translation>薬剤・健診情報</translation>
    </message>
</context>
<context>
    <name>DeskTexts</name>
    <message>
        <source>Waiting for the card.</source>
        <translation>カードを待っています。</translation>
    </message>
    <message>
        <source>Ask the patient to place the card on the reader.</source>
        <translation>患者さんにカードを読み取り機に置いてもらってください。</translation>
    </message>
    <message>
        <source>No card yet.</source>
        <translation>まだカードがありません。</translation>
    </message>
    <message>
        <source>Keep waiting, or check in by numbers.</source>
        <translation>そのまま待つか、番号で受付してください。</translation>
    </message>
    <message>
        <source>The card reader is not available.</source>
        <translation>カード読み取り機が使えません。</translation>
    </message>
    <message>
        <source>Check the reader cable, or check in by numbers.</source>
        <translation>読み取り機の接続を確認するか、番号で受付してください。</translation>
    </message>
    <message>
        <source>The card could not be read.</source>
        <translation>カードを読み取れませんでした。</translation>
    </message>
    <message>
        <source>Ask the patient to place the card again.</source>
        <translation>カードを置き直してもらってください。</translation>
    </message>
    <message>
        <source>The card was taken off the reader.</source>
        <translation>カードが読み取り機から離れました。</translation>
    </message>
    <message>
        <source>The card was read.</source>
        <translation>カードを読み取りました。</translation>
    </message>
    <message>
        <source>Choose: PIN on the patient screen, or visual check.</source>
        <translation>暗証番号（患者画面）か目視確認を選んでください。</translation>
    </message>
    <message>
        <source>The card&apos;s certificate has expired, but it can still be used for up to 3 months.</source>
        <translation>カードの電子証明書は期限切れですが、3か月以内なので利用できます。</translation>
    </message>
    <message>
        <source>Continue. Tell the patient to renew the card at the city office.</source>
        <translation>続けてください。市区町村での更新を患者さんにお伝えください。</translation>
    </message>
    <message>
        <source>The card&apos;s certificate expired more than 3 months ago.</source>
        <translation>カードの電子証明書の期限切れから3か月を過ぎています。</translation>
    </message>
    <message>
        <source>Check in by the numbers on the eligibility certificate. The patient needs to renew the card.</source>
        <translation>資格確認書の番号で受付してください。カードの更新が必要です。</translation>
    </message>
    <message>
        <source>The card&apos;s PIN is locked.</source>
        <translation>カードの暗証番号がロックされています。</translation>
    </message>
    <message>
        <source>Use the visual check, or check in by numbers. The lock is reset at the city office.</source>
        <translation>目視確認か番号で受付してください。ロックは市区町村で解除できます。</translation>
    </message>
    <message>
        <source>Only one PIN try is left.</source>
        <translation>暗証番号の残り回数が1回です。</translation>
    </message>
    <message>
        <source>Allow the last try after asking the patient, or use the visual check.</source>
        <translation>患者さんに確認してから最後の1回を許可するか、目視確認にしてください。</translation>
    </message>
    <message>
        <source>The patient is entering the PIN.</source>
        <translation>患者さんが暗証番号を入力しています。</translation>
    </message>
    <message>
        <source>Wait for the patient.</source>
        <translation>患者さんの操作をお待ちください。</translation>
    </message>
    <message>
        <source>The PIN must be 4 digits. No try was used.</source>
        <translation>暗証番号は4桁です。回数は減っていません。</translation>
    </message>
    <message>
        <source>Ask the patient to enter it again.</source>
        <translation>もう一度入力してもらってください。</translation>
    </message>
    <message>
        <source>The PIN was wrong.</source>
        <translation>暗証番号が違いました。</translation>
    </message>
    <message>
        <source>The patient can try again on their screen.</source>
        <translation>患者さんは画面でもう一度入力できます。</translation>
    </message>
    <message>
        <source>The PIN was correct.</source>
        <translation>暗証番号を確認しました。</translation>
    </message>
    <message>
        <source>The patient is answering the consent questions.</source>
        <translation>患者さんが同意の質問に答えています。</translation>
    </message>
    <message>
        <source>Visual check recorded.</source>
        <translation>目視確認を記録しました。</translation>
    </message>
    <message>
        <source>Insurance is valid.</source>
        <translation>資格は有効です。</translation>
    </message>
    <message>
        <source>Check the details and register the visit.</source>
        <translation>内容を確認して受付を登録してください。</translation>
    </message>
    <message>
        <source>This insurance is not valid.</source>
        <translation>この資格は無効です。</translation>
    </message>
    <message>
        <source>Ask for the patient&apos;s current insurance; register on a fallback if needed.</source>
        <translation>現在の保険を確認してください。必要なら他の方法で受付します。</translation>
    </message>
    <message>
        <source>This insurance is no longer valid; a newer one exists.</source>
        <translation>この資格は無効です（新しい資格があります）。</translation>
    </message>
    <message>
        <source>Ask the patient for the newer insurance.</source>
        <translation>新しい保険の資格確認書などを確認してください。</translation>
    </message>
    <message>
        <source>No such insurance was found.</source>
        <translation>該当する資格がありません。</translation>
    </message>
    <message>
        <source>Check the numbers, or register on a fallback.</source>
        <translation>番号を確認するか、他の方法で受付してください。</translation>
    </message>
    <message>
        <source>Several people match.</source>
        <translation>複数の資格が該当しました。</translation>
    </message>
    <message>
        <source>Ask by the numbers including the branch number.</source>
        <translation>枝番を含む番号で照会してください。</translation>
    </message>
    <message>
        <source>The eligibility service answered with an error.</source>
        <translation>資格確認サービスがエラーを返しました。</translation>
    </message>
    <message>
        <source>Read the service message below; retry or use a fallback.</source>
        <translation>下のメッセージを確認し、再試行するか他の方法で受付してください。</translation>
    </message>
    <message>
        <source>The eligibility service cannot be reached.</source>
        <translation>資格確認サービスに接続できません。</translation>
    </message>
    <message>
        <source>Retry, or register on a fallback; it will be re-checked automatically.</source>
        <translation>再試行するか、他の方法で受付してください。後で自動的に再確認します。</translation>
    </message>
    <message>
        <source>The eligibility service is too slow.</source>
        <translation>資格確認サービスの応答が遅すぎます。</translation>
    </message>
    <message>
        <source>Retry, or register on a fallback.</source>
        <translation>再試行するか、他の方法で受付してください。</translation>
    </message>
    <message>
        <source>The eligibility service is still working on it.</source>
        <translation>資格確認サービスで処理中です。</translation>
    </message>
    <message>
        <source>Retry in a moment, or register on a fallback.</source>
        <translation>少し待って再試行するか、他の方法で受付してください。</translation>
    </message>
    <message>
        <source>The service&apos;s answer could not be read.</source>
        <translation>サービスの応答を読み取れませんでした。</translation>
    </message>
    <message>
        <source>Register on a fallback and tell IT.</source>
        <translation>他の方法で受付し、システム担当者に連絡してください。</translation>
    </message>
    <message>
        <source>The service did not accept the card.</source>
        <translation>サービスがカードを受け付けませんでした。</translation>
    </message>
    <message>
        <source>Check in by the numbers on the eligibility certificate.</source>
        <translation>資格確認書の番号で受付してください。</translation>
    </message>
    <message>
        <source>Choose which registered patient this is.</source>
        <translation>どの登録患者か選んでください。</translation>
    </message>
    <message>
        <source>Pick the patient, or register a new patient.</source>
        <translation>患者を選ぶか、新規患者として登録してください。</translation>
    </message>
    <message>
        <source>This patient is already checked in today.</source>
        <translation>この患者さんは本日すでに受付済みです。</translation>
    </message>
    <message>
        <source>Register again only if this is a second visit.</source>
        <translation>2回目の受診の場合だけ、もう一度登録してください。</translation>
    </message>
    <message>
        <source>Nothing is stored for this patient.</source>
        <translation>この患者さんの資格情報は保存されていません。</translation>
    </message>
    <message>
        <source>Use another fallback.</source>
        <translation>他の方法を使ってください。</translation>
    </message>
    <message>
        <source>The visit is registered.</source>
        <translation>受付を登録しました。</translation>
    </message>
    <message>
        <source>Done. Start the next check-in.</source>
        <translation>完了です。次の受付に進めます。</translation>
    </message>
    <message>
        <source>The visit is registered and marked for a re-check.</source>
        <translation>受付を登録し、再確認待ちにしました。</translation>
    </message>
    <message>
        <source>Done. It is re-checked automatically later.</source>
        <translation>完了です。後で自動的に再確認します。</translation>
    </message>
    <message>
        <source>The check-in was cancelled.</source>
        <translation>受付を中止しました。</translation>
    </message>
    <message>
        <source>Start again when ready.</source>
        <translation>準備ができたら、もう一度始めてください。</translation>
    </message>
    <message>
        <source>Card + PIN</source>
        <translation>カード＋暗証番号</translation>
    </message>
    <message>
        <source>Card + visual check</source>
        <translation>カード＋目視確認</translation>
    </message>
    <message>
        <source>Face reader</source>
        <translation>顔認証</translation>
    </message>
    <message>
        <source>Certificate numbers</source>
        <translation>資格確認書の番号</translation>
    </message>
    <message>
        <source>Qualification notice</source>
        <translation>資格情報のお知らせ</translation>
    </message>
    <message>
        <source>Self-declaration</source>
        <translation>被保険者資格申立書</translation>
    </message>
    <message>
        <source>Last known (offline)</source>
        <translation>前回の資格（オフライン）</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>待ち</translation>
    </message>
    <message>
        <source>In consultation</source>
        <translation>診察中</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>会計待ち</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>済</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Reception</source>
        <translation>受付</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>医師</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理者</translation>
    </message>
    <message>
        <source>Eligibility certificate</source>
        <translation>資格確認書</translation>
    </message>
    <message>
        <source>Old insurance card</source>
        <translation>従来の保険証</translation>
    </message>
    <message>
        <source>Self-declaration form</source>
        <translation>被保険者資格申立書</translation>
    </message>
    <message>
        <source>Last known eligibility</source>
        <translation>前回の資格情報</translation>
    </message>
    <message>
        <source>Unknown validity code %1</source>
        <translation>不明な資格有効性コード %1</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>Not valid</source>
        <translation>無効</translation>
    </message>
    <message>
        <source>Not valid (newer insurance exists)</source>
        <translation>無効（新しい資格あり）</translation>
    </message>
    <message>
        <source>No such insurance</source>
        <translation>該当資格なし</translation>
    </message>
    <message>
        <source>Several match</source>
        <translation>複数該当</translation>
    </message>
    <message>
        <source>Medication</source>
        <translation>薬剤情報</translation>
    </message>
    <message>
        <source>Health checkups</source>
        <translation>特定健診情報</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>診療情報</translation>
    </message>
    <message>
        <source>Surgery</source>
        <translation>手術情報</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>No</source>
        <translation>いいえ</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The PIN was not correct.</source>
        <translation>暗証番号が違います。</translation>
    </message>
    <message>
        <source>Ask the patient to try again slowly. The tries left are shown on their screen.</source>
        <translation>患者さんに、ゆっくりもう一度入力してもらってください。残りの回数は患者さんの画面に出ています。</translation>
    </message>
    <message>
        <source>The card is locked because the PIN was wrong too many times.</source>
        <translation>暗証番号を何度も間違えたため、カードがロックされています。</translation>
    </message>
    <message>
        <source>Check the patient in by the numbers on their eligibility certificate, or confirm the photo on the card (visual check). The patient can unlock the card at the city office.</source>
        <translation>資格確認書の番号で受付するか、カードの顔写真で本人確認（目視確認）をしてください。ロックは市区町村の窓口で解除できます。</translation>
    </message>
    <message>
        <source>Only one PIN try is left.</source>
        <translation>暗証番号の残り回数が1回です。</translation>
    </message>
    <message>
        <source>Confirm with the patient before the last try, or use the visual check.</source>
        <translation>最後の1回を使う前に患者さんに確認するか、目視確認に切り替えてください。</translation>
    </message>
    <message>
        <source>The card was taken off the reader.</source>
        <translation>カードが読み取り機から離れました。</translation>
    </message>
    <message>
        <source>Ask the patient to put the card back on the reader and start again.</source>
        <translation>カードを読み取り機に置き直してもらい、最初からやり直してください。</translation>
    </message>
    <message>
        <source>No card was found on the reader.</source>
        <translation>読み取り機にカードがありません。</translation>
    </message>
    <message>
        <source>Ask the patient to place the card flat on the reader.</source>
        <translation>カードを読み取り機の上に平らに置いてもらってください。</translation>
    </message>
    <message>
        <source>The card reader is not available.</source>
        <translation>カード読み取り機が使えません。</translation>
    </message>
    <message>
        <source>Check that the reader is plugged in, then try again. You can check the patient in by numbers meanwhile.</source>
        <translation>読み取り機の接続を確認してから、もう一度お試しください。その間は番号で受付できます。</translation>
    </message>
    <message>
        <source>This card is not a My Number card.</source>
        <translation>このカードはマイナンバーカードではありません。</translation>
    </message>
    <message>
        <source>Ask for the My Number card, or check in by the numbers on their eligibility certificate.</source>
        <translation>マイナンバーカードを出してもらうか、資格確認書の番号で受付してください。</translation>
    </message>
    <message>
        <source>The PIN must be 4 digits.</source>
        <translation>暗証番号は4桁の数字です。</translation>
    </message>
    <message>
        <source>Ask the patient to enter the 4-digit PIN again.</source>
        <translation>4桁の暗証番号をもう一度入力してもらってください。</translation>
    </message>
    <message>
        <source>The card could not be read.</source>
        <translation>カードを読み取れませんでした。</translation>
    </message>
    <message>
        <source>Ask the patient to place the card again. If it keeps failing, check in by numbers.</source>
        <translation>カードを置き直してもらってください。何度も失敗する場合は番号で受付してください。</translation>
    </message>
    <message>
        <source>The eligibility service did not answer in time.</source>
        <translation>資格確認サービスから時間内に応答がありませんでした。</translation>
    </message>
    <message>
        <source>Try again, or register the visit now; it will be checked again later.</source>
        <translation>もう一度試すか、今は受付だけ登録してください。後で自動的に再確認します。</translation>
    </message>
    <message>
        <source>The eligibility service cannot be reached.</source>
        <translation>資格確認サービスに接続できません。</translation>
    </message>
    <message>
        <source>Register the visit now; it is marked for a re-check, which runs by itself when the service is back.</source>
        <translation>今は受付だけ登録してください。再確認の印が付き、サービスが戻ると自動で再確認します。</translation>
    </message>
    <message>
        <source>The eligibility service refused the connection.</source>
        <translation>資格確認サービスが接続を拒否しました。</translation>
    </message>
    <message>
        <source>Register the visit now; it will be checked again later. Tell IT if this continues.</source>
        <translation>今は受付だけ登録してください。後で再確認します。続く場合はシステム担当者に連絡してください。</translation>
    </message>
    <message>
        <source>The secure connection to the eligibility service failed.</source>
        <translation>資格確認サービスとの安全な接続に失敗しました。</translation>
    </message>
    <message>
        <source>Tell IT (certificate or clock problem). Register the visit meanwhile; it will be checked again later.</source>
        <translation>システム担当者に連絡してください（証明書または時計の問題）。その間は受付だけ登録し、後で再確認します。</translation>
    </message>
    <message>
        <source>The eligibility service could not be asked.</source>
        <translation>資格確認サービスに問い合わせできませんでした。</translation>
    </message>
    <message>
        <source>Register the visit now; it will be checked again later.</source>
        <translation>今は受付だけ登録してください。後で再確認します。</translation>
    </message>
    <message>
        <source>The eligibility service sent an answer that cannot be read.</source>
        <translation>資格確認サービスの応答を読み取れませんでした。</translation>
    </message>
    <message>
        <source>Try again. If it happens again, tell IT.</source>
        <translation>もう一度お試しください。繰り返す場合はシステム担当者に連絡してください。</translation>
    </message>
    <message>
        <source>The insurer number must be digits.</source>
        <translation>保険者番号は数字で入力してください。</translation>
    </message>
    <message>
        <source>Check the insurer number on the certificate and type it again.</source>
        <translation>証の保険者番号を確認して、もう一度入力してください。</translation>
    </message>
    <message>
        <source>The insurer number must have 6 or 8 digits.</source>
        <translation>保険者番号は6桁または8桁です。</translation>
    </message>
    <message>
        <source>The insurer number is not valid (check digit).</source>
        <translation>保険者番号が正しくありません（検証番号が合いません）。</translation>
    </message>
    <message>
        <source>One digit is probably mistyped. Compare it with the certificate.</source>
        <translation>どこか1桁の入力間違いの可能性があります。証と見比べてください。</translation>
    </message>
    <message>
        <source>The insured person&apos;s number is missing.</source>
        <translation>被保険者番号が入力されていません。</translation>
    </message>
    <message>
        <source>Type the number (番号) from the certificate.</source>
        <translation>証に書かれている番号を入力してください。</translation>
    </message>
    <message>
        <source>The branch number must be 1 or 2 digits.</source>
        <translation>枝番は1桁または2桁の数字です。</translation>
    </message>
    <message>
        <source>Type the branch number (枝番) or leave it empty.</source>
        <translation>枝番を入力するか、空欄のままにしてください。</translation>
    </message>
    <message>
        <source>Some input is not valid.</source>
        <translation>入力内容に誤りがあります。</translation>
    </message>
    <message>
        <source>Check the highlighted field and try again.</source>
        <translation>印の付いた欄を確認して、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The user name or password is not correct.</source>
        <translation>ユーザー名またはパスワードが正しくありません。</translation>
    </message>
    <message>
        <source>Try again. After several failures the account is locked for a while.</source>
        <translation>もう一度入力してください。何度も失敗すると、しばらくの間ロックされます。</translation>
    </message>
    <message>
        <source>This account is locked for a while after too many failed logins.</source>
        <translation>ログインの失敗が続いたため、このアカウントはしばらくロックされています。</translation>
    </message>
    <message>
        <source>Wait and try again, or ask an administrator.</source>
        <translation>時間をおいてもう一度試すか、管理者に連絡してください。</translation>
    </message>
    <message>
        <source>Your role may not do this.</source>
        <translation>この操作はあなたの権限ではできません。</translation>
    </message>
    <message>
        <source>Ask a colleague with the right role.</source>
        <translation>権限のある職員に依頼してください。</translation>
    </message>
    <message>
        <source>The card no longer holds the PIN check (it was moved or tapped again).</source>
        <translation>カードの暗証番号確認が切れました（カードが動いたか、置き直されました）。</translation>
    </message>
    <message>
        <source>Start the check-in again and ask the patient for the PIN once more.</source>
        <translation>受付をやり直し、もう一度暗証番号を入れてもらってください。</translation>
    </message>
    <message>
        <source>The card answered in a way the app does not expect.</source>
        <translation>カードから想定外の応答がありました。</translation>
    </message>
    <message>
        <source>Ask the patient to place the card again. If it keeps failing, check in by the numbers on their eligibility certificate.</source>
        <translation>カードを置き直してもらってください。続けて失敗するときは、資格確認書の番号で受付してください。</translation>
    </message>
    <message>
        <source>The certificate on the card cannot be read; the card may be damaged.</source>
        <translation>カードの電子証明書を読めません。カードが傷んでいるかもしれません。</translation>
    </message>
    <message>
        <source>Check the patient in by numbers or by the visual check. The patient can have the card checked at the city office.</source>
        <translation>番号または目視確認で受付してください。カードは市区町村の窓口で確認してもらえます。</translation>
    </message>
    <message>
        <source>The app refused to read a part of the card it must never read.</source>
        <translation>読んではいけないカードの領域へのアクセスを止めました。</translation>
    </message>
    <message>
        <source>This is a program problem: tell IT. Check the patient in by numbers meanwhile.</source>
        <translation>プログラムの問題です。IT担当者に連絡し、その間は番号で受付してください。</translation>
    </message>
    <message>
        <source>The copay ratio is not valid.</source>
        <translation>負担割合が正しくありません。</translation>
    </message>
    <message>
        <source>Type it as 10, 20 or 30 (percent).</source>
        <translation>10、20、30（％）のいずれかで入力してください。</translation>
    </message>
    <message>
        <source>The date is not complete or not a real date.</source>
        <translation>日付が不完全か、存在しない日付です。</translation>
    </message>
    <message>
        <source>The Japanese-era date does not exist (the year is outside that era).</source>
        <translation>和暦の日付が存在しません（その元号にない年です）。</translation>
    </message>
    <message>
        <source>Check the era and year on the certificate, or type the Western year (e.g. 1950-04-01).</source>
        <translation>証の元号と年を確かめるか、西暦（例 1950-04-01）で入力してください。</translation>
    </message>
    <message>
        <source>The eligibility service could not answer this query (its message is shown as is).</source>
        <translation>資格確認サービスがこの照会に答えられませんでした（サービスの文言をそのまま表示しています）。</translation>
    </message>
    <message>
        <source>Read the service&apos;s message. Check the numbers and try again, or register the visit now; it will be checked again later.</source>
        <translation>サービスの文言を読み、番号を確かめてもう一度照会するか、今は受付だけして後で再確認してください。</translation>
    </message>
    <message>
        <source>The eligibility service is still working on the answer.</source>
        <translation>資格確認サービスがまだ処理中です。</translation>
    </message>
    <message>
        <source>Wait a moment and try again. You can register the visit now; it will be checked again later.</source>
        <translation>少し待ってからもう一度お試しください。先に受付だけして、後で再確認することもできます。</translation>
    </message>
    <message>
        <source>The eligibility service answered with an error.</source>
        <translation>資格確認サービスがエラーを返しました。</translation>
    </message>
    <message>
        <source>Try again. Register the visit meanwhile; it will be checked again later. Tell IT if this continues.</source>
        <translation>もう一度お試しください。その間は受付だけして後で再確認します。続くときはIT担当者に連絡してください。</translation>
    </message>
    <message>
        <source>The eligibility service sent an answer that cannot be read safely.</source>
        <translation>資格確認サービスの応答を安全に読めませんでした。</translation>
    </message>
    <message>
        <source>Nothing was changed. Try again; if it happens again, tell IT. Register the visit meanwhile; it will be checked again later.</source>
        <translation>何も変更していません。もう一度お試しください。続くときはIT担当者に連絡し、その間は受付だけして後で再確認します。</translation>
    </message>
    <message>
        <source>A result from the face-recognition reader could not be read.</source>
        <translation>顔認証付きカードリーダーの結果を読めませんでした。</translation>
    </message>
    <message>
        <source>Ask the patient to use the face-recognition reader again, or check them in by card or numbers here.</source>
        <translation>顔認証リーダーでもう一度確認してもらうか、ここでカードまたは番号で受付してください。</translation>
    </message>
    <message>
        <source>Only doctors can open medication and checkup histories. The attempt was recorded.</source>
        <translation>薬剤情報・健診情報は医師だけが開けます。この操作は記録されました。</translation>
    </message>
    <message>
        <source>Ask a doctor to open them.</source>
        <translation>医師に開いてもらってください。</translation>
    </message>
    <message>
        <source>The patient&apos;s consent for a new fetch has expired (it is valid for 24 hours).</source>
        <translation>新しく取得するための同意の期限（24時間）が切れています。</translation>
    </message>
    <message>
        <source>The stored copy can still be read. For a new fetch, the patient taps the card and agrees again at the desk.</source>
        <translation>保存済みの情報は引き続き見られます。取得し直すには、受付でカードを置いて改めて同意してもらってください。</translation>
    </message>
    <message>
        <source>No insurance numbers are on file for this patient, so the histories cannot be fetched.</source>
        <translation>この患者さんの保険の番号が登録されていないため、履歴を取得できません。</translation>
    </message>
    <message>
        <source>Check the patient in with their card or numbers first, then fetch again.</source>
        <translation>先にカードまたは番号で受付してから、もう一度取得してください。</translation>
    </message>
    <message>
        <source>No patient with this patient number was found.</source>
        <translation>この診察券番号の患者さんが見つかりません。</translation>
    </message>
    <message>
        <source>Check the patient number, or pick the patient from today&apos;s list.</source>
        <translation>診察券番号を確かめるか、本日の受付一覧から選んでください。</translation>
    </message>
    <message>
        <source>No eligibility service is set up on this computer.</source>
        <translation>このパソコンには資格確認サービスが設定されていません。</translation>
    </message>
    <message>
        <source>Ask an administrator to set the service in the settings. Stored histories can still be read.</source>
        <translation>管理者に設定画面でサービスを設定してもらってください。保存済みの履歴は見られます。</translation>
    </message>
    <message>
        <source>The received name has ● or a rare kanji.</source>
        <translation>受け取った氏名に●または異体字があります。</translation>
    </message>
    <message>
        <source>Compare it with the registered spelling, tick the box, then register again.</source>
        <translation>登録の表記と見比べてチェックを入れ、もう一度登録してください。</translation>
    </message>
    <message>
        <source>The birth date is not a date.</source>
        <translation>生年月日が正しくありません。</translation>
    </message>
    <message>
        <source>Type it as 1950-04-01, 1950/4/1 or 昭和25年4月1日 (S25.4.1).</source>
        <translation>1950-04-01、1950/4/1、昭和25年4月1日（S25.4.1）のように入力してください。</translation>
    </message>
    <message>
        <source>The clinic&apos;s database could not be used.</source>
        <translation>医院のデータベースを使えませんでした。</translation>
    </message>
    <message>
        <source>The settings are not complete or not valid:</source>
        <translation>設定が足りないか、正しくありません：</translation>
    </message>
    <message>
        <source>Ask IT to correct the settings file, then start again. To try the app without settings, start it with --demo.</source>
        <translation>システム担当者に設定ファイルを直してもらい、もう一度起動してください。設定なしで試すときは --demo を付けて起動します。</translation>
    </message>
    <message>
        <source>The system keyring (where passwords are kept) is not available.</source>
        <translation>パスワードを保管するキーリングが使えません。</translation>
    </message>
    <message>
        <source>Ask IT to set up the keyring for this user, then start again.</source>
        <translation>システム担当者にこのユーザーのキーリングを設定してもらい、もう一度起動してください。</translation>
    </message>
    <message>
        <source>The clinic&apos;s database cannot be reached.</source>
        <translation>医院のデータベースに接続できません。</translation>
    </message>
    <message>
        <source>Check the network to the database server, then try again. Tell IT if it continues.</source>
        <translation>データベースサーバーへのネットワークを確認して、もう一度お試しください。続く場合はシステム担当者に連絡してください。</translation>
    </message>
    <message>
        <source>The patient&apos;s name is missing.</source>
        <translation>患者さんの氏名がありません。</translation>
    </message>
    <message>
        <source>Type the name (and kana) from the certificate, then register again.</source>
        <translation>証のとおりに氏名（とカナ）を入力して、もう一度登録してください。</translation>
    </message>
    <message>
        <source>The search text is not kana, a birth date or a patient number.</source>
        <translation>検索する文字が、カナ・生年月日・診察券番号のどれでもありません。</translation>
    </message>
    <message>
        <source>Type kana, a birth date or a patient number.</source>
        <translation>カナ、生年月日、または診察券番号を入力してください。</translation>
    </message>
    <message>
        <source>This visit cannot move to that status.</source>
        <translation>この受付はその状態に変更できません。</translation>
    </message>
    <message>
        <source>Refresh the queue and choose a status that follows the current one.</source>
        <translation>受付一覧を更新し、今の状態の次に来る状態を選んでください。</translation>
    </message>
    <message>
        <source>The record was not found (it may have been changed at another desk).</source>
        <translation>記録が見つかりません（別の窓口で変更された可能性があります）。</translation>
    </message>
    <message>
        <source>Refresh the list and try again.</source>
        <translation>一覧を更新して、もう一度お試しください。</translation>
    </message>
    <message>
        <source>Someone changed the same record at the same time.</source>
        <translation>同じ記録が同時に変更されました。</translation>
    </message>
    <message>
        <source>This patient number is already used by another patient.</source>
        <translation>この診察券番号はすでに別の患者さんに使われています。</translation>
    </message>
    <message>
        <source>Check the number; choose another one, or open the existing patient.</source>
        <translation>番号を確かめ、別の番号にするか、登録済みの患者さんを開いてください。</translation>
    </message>
    <message>
        <source>The user name is not valid.</source>
        <translation>ユーザー名が正しくありません。</translation>
    </message>
    <message>
        <source>Use 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>英字・数字・「.」「_」「-」で64文字以内にしてください。</translation>
    </message>
    <message>
        <source>This user name is already used.</source>
        <translation>このユーザー名はすでに使われています。</translation>
    </message>
    <message>
        <source>Choose another user name.</source>
        <translation>別のユーザー名にしてください。</translation>
    </message>
    <message>
        <source>There is no staff account with this user name.</source>
        <translation>このユーザー名の職員アカウントはありません。</translation>
    </message>
    <message>
        <source>Check the spelling, or list the accounts first.</source>
        <translation>つづりを確かめるか、先にアカウントの一覧を確認してください。</translation>
    </message>
    <message>
        <source>The password is too short.</source>
        <translation>パスワードが短すぎます。</translation>
    </message>
    <message>
        <source>Choose a password of at least 8 characters (a phrase of several words is easiest to remember).</source>
        <translation>8文字以上のパスワードにしてください（いくつかの単語をつなげると覚えやすくなります）。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>2回入力したパスワードが一致しません。</translation>
    </message>
    <message>
        <source>Type the same password twice.</source>
        <translation>同じパスワードを2回入力してください。</translation>
    </message>
    <message>
        <source>The clinic&apos;s database could not be updated to this version of the app.</source>
        <translation>医院のデータベースをこの版のアプリに合わせて更新できませんでした。</translation>
    </message>
    <message>
        <source>Nothing was lost: a backup was made before the update. Tell IT; do not use the database until they check it.</source>
        <translation>更新前にバックアップを取ってあるので、データは失われていません。IT担当者に連絡し、確認が済むまで使わないでください。</translation>
    </message>
    <message>
        <source>A record for the audit log was refused.</source>
        <translation>監査ログへの記録が拒否されました。</translation>
    </message>
    <message>
        <source>This is a program problem: tell IT. Nothing was written.</source>
        <translation>プログラムの問題です。IT担当者に連絡してください。何も書き込まれていません。</translation>
    </message>
    <message>
        <source>The audit log&apos;s chain of records is broken: it may have been tampered with.</source>
        <translation>監査ログの記録のつながりが壊れています。改ざんされた可能性があります。</translation>
    </message>
    <message>
        <source>Tell the administrator and IT at once. Nothing was changed.</source>
        <translation>すぐに管理者とIT担当者に連絡してください。何も変更していません。</translation>
    </message>
    <message>
        <source>The backup could not be made or read.</source>
        <translation>バックアップを作成、または読み込みできませんでした。</translation>
    </message>
    <message>
        <source>Check the backup folder and try again. Tell IT if it continues.</source>
        <translation>バックアップ先のフォルダを確かめて、もう一度お試しください。続くときはIT担当者に連絡してください。</translation>
    </message>
    <message>
        <source>At least one backup generation must be kept.</source>
        <translation>バックアップは少なくとも1世代残す必要があります。</translation>
    </message>
    <message>
        <source>Set the number of generations to 1 or more.</source>
        <translation>世代数を1以上にしてください。</translation>
    </message>
    <message>
        <source>Retention periods are whole days, 1 or more.</source>
        <translation>保存期間は1日以上の日数で指定します。</translation>
    </message>
    <message>
        <source>Set each retention period to 1 day or more.</source>
        <translation>各保存期間を1日以上にしてください。</translation>
    </message>
    <message>
        <source>This computer has no backup key.</source>
        <translation>このパソコンにはバックアップ用の鍵がありません。</translation>
    </message>
    <message>
        <source>Import the key exported on the computer that made the backup (madoguchi backup key import --from &lt;file&gt;), or make a first backup here.</source>
        <translation>バックアップを作ったパソコンで書き出した鍵を取り込むか（madoguchi backup key import --from &lt;ファイル&gt;）、ここで最初のバックアップを作成してください。</translation>
    </message>
    <message>
        <source>The backup key in this computer&apos;s keyring is damaged.</source>
        <translation>このパソコンのキーリングにあるバックアップ用の鍵が壊れています。</translation>
    </message>
    <message>
        <source>Import the key again from its exported key file. Tell IT if you have none.</source>
        <translation>書き出してある鍵ファイルから取り込み直してください。ない場合はIT担当者に連絡してください。</translation>
    </message>
    <message>
        <source>A file with this name already exists; a key file is never overwritten.</source>
        <translation>同じ名前のファイルがすでにあります。鍵ファイルは上書きしません。</translation>
    </message>
    <message>
        <source>Choose a new file name.</source>
        <translation>別のファイル名を選んでください。</translation>
    </message>
    <message>
        <source>The file could not be written or read.</source>
        <translation>ファイルを書き込み、または読み込みできませんでした。</translation>
    </message>
    <message>
        <source>Check the folder (space, permissions, the USB stick) and try again.</source>
        <translation>フォルダ（空き容量、権限、USBメモリ）を確かめて、もう一度お試しください。</translation>
    </message>
    <message>
        <source>This file does not hold a Madoguchi backup key.</source>
        <translation>このファイルには窓口のバックアップ用の鍵が入っていません。</translation>
    </message>
    <message>
        <source>Choose the key file that was exported with madoguchi backup key export.</source>
        <translation>madoguchi backup key export で書き出した鍵ファイルを選んでください。</translation>
    </message>
    <message>
        <source>This computer already has a different backup key.</source>
        <translation>このパソコンにはすでに別のバックアップ用の鍵があります。</translation>
    </message>
    <message>
        <source>Export the current key first (backups made with it need it), then import with --force.</source>
        <translation>先に今の鍵を書き出してから（その鍵で作ったバックアップに必要です）、--force を付けて取り込んでください。</translation>
    </message>
    <message>
        <source>This is not a Madoguchi backup file (or its format is not supported).</source>
        <translation>窓口のバックアップファイルではないか、対応していない形式です。</translation>
    </message>
    <message>
        <source>Choose a .mdbackup file made by Madoguchi.</source>
        <translation>窓口で作成した .mdbackup ファイルを選んでください。</translation>
    </message>
    <message>
        <source>The backup is damaged or was made with another key. Nothing was changed.</source>
        <translation>バックアップが壊れているか、別の鍵で作られています。何も変更していません。</translation>
    </message>
    <message>
        <source>Try an older backup generation, or import the key of the computer that made it.</source>
        <translation>古い世代のバックアップを試すか、作成したパソコンの鍵を取り込んでください。</translation>
    </message>
    <message>
        <source>The backup was made by another version of the app.</source>
        <translation>このバックアップは別の版のアプリで作成されています。</translation>
    </message>
    <message>
        <source>Restore it with the matching version of Madoguchi, then update.</source>
        <translation>同じ版の窓口で復元してから、更新してください。</translation>
    </message>
    <message>
        <source>A restore needs an empty profile, but this database already has data.</source>
        <translation>復元先は空でなければなりませんが、このデータベースにはすでにデータがあります。</translation>
    </message>
    <message>
        <source>Restore into a fresh profile (a new computer or an empty database).</source>
        <translation>新しいプロファイル（新しいパソコンや空のデータベース）に復元してください。</translation>
    </message>
    <message>
        <source>Only administrators can change these settings.</source>
        <translation>この設定を変更できるのは管理者だけです。</translation>
    </message>
    <message>
        <source>Ask an administrator.</source>
        <translation>管理者に依頼してください。</translation>
    </message>
    <message>
        <source>The operation could not be completed.</source>
        <translation>操作を完了できませんでした。</translation>
    </message>
    <message>
        <source>Try again. If it happens again, tell IT (code shown below).</source>
        <translation>もう一度お試しください。繰り返す場合は、下のコードをシステム担当者に伝えてください。</translation>
    </message>
    <message numerus="yes">
        <source>Tries left: %n</source>
        <translation>
            <numerusform>残り%n回</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot continue</source>
        <translation>続行できません</translation>
    </message>
    <message>
        <source>Unexpected problem (a bug)</source>
        <translation>予期しない問題（プログラムの不具合）</translation>
    </message>
    <message>
        <source>Madoguchi met a problem it does not expect. This is a bug in the program, not your mistake.</source>
        <translation>予期しない問題が起きました。プログラムの不具合で、あなたの操作の誤りではありません。</translation>
    </message>
    <message>
        <source>Nothing you entered was lost. Please try again; if it happens again, tell IT the reference %1.</source>
        <translation>入力した内容は失われていません。もう一度お試しください。繰り返す場合は、参照番号 %1 をシステム担当者に伝えてください。</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <source>Madoguchi — front desk</source>
        <translation>窓口 — 受付システム</translation>
    </message>
    <message>
        <source>Log in to start</source>
        <translation>ログインしてください</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>ユーザー名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>パスワード(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>ログイン</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>ユーザー名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Demo accounts (demo only — the data is made up)</source>
        <translation>デモ用アカウント（デモ専用・データはすべて架空です）</translation>
    </message>
    <message>
        <source>Use %1</source>
        <translation>%1で入る</translation>
    </message>
    <message>
        <source>Use demo account %1</source>
        <translation>デモアカウント %1 を使う</translation>
    </message>
    <message>
        <source>The screen was locked. Log in again to continue.</source>
        <translation>画面をロックしました。続けるにはもう一度ログインしてください。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>起動しています…</translation>
    </message>
    <message>
        <source>Could not start</source>
        <translation>起動できませんでした</translation>
    </message>
</context>
<context>
    <name>NewPatientDialog</name>
    <message>
        <source>Register new patient</source>
        <translation>新規患者の登録</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Kana</source>
        <translation>カナ</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性別</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Other / not stated</source>
        <translation>その他・未回答</translation>
    </message>
    <message>
        <source>I checked the name&apos;s spelling with the patient</source>
        <translation>氏名の表記を患者さんに確認しました</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>氏名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Kana</source>
        <translation>カナ(&amp;K)</translation>
    </message>
    <message>
        <source>Birth &amp;date</source>
        <translation>生年月日(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Sex</source>
        <translation>性別(&amp;S)</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登録</translation>
    </message>
    <message>
        <source>The name contains ●: ask the patient for the character and type it.</source>
        <translation>氏名に●があります。患者さんに文字を確認して入力してください。</translation>
    </message>
    <message>
        <source>Rare kanji %1: confirm the spelling.</source>
        <translation>異体字・旧字 %1 があります。表記を確認してください。</translation>
    </message>
    <message>
        <source>Name and kana are required.</source>
        <translation>氏名とカナは必須です。</translation>
    </message>
    <message>
        <source>Replace ● with the real character before saving.</source>
        <translation>保存する前に●を正しい文字に直してください。</translation>
    </message>
    <message>
        <source>Tick the box after checking the spelling with the patient.</source>
        <translation>患者さんに表記を確認したら、チェックを入れてください。</translation>
    </message>
    <message>
        <source>Enter the birth date (西暦 or 和暦).</source>
        <translation>生年月日を入力してください（西暦または和暦）。</translation>
    </message>
</context>
<context>
    <name>NumbersDialog</name>
    <message>
        <source>Check by numbers</source>
        <translation>番号で照会</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>書類</translation>
    </message>
    <message>
        <source>Insurer number</source>
        <translation>保険者番号</translation>
    </message>
    <message>
        <source>6 or 8 digits</source>
        <translation>6桁または8桁</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>記号</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>番号</translation>
    </message>
    <message>
        <source>Branch number</source>
        <translation>枝番</translation>
    </message>
    <message>
        <source>2 digits, optional</source>
        <translation>2桁（ない場合は空欄）</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>e.g. 1950-04-01 or S25.4.1</source>
        <translation>例: 1950-04-01 または S25.4.1</translation>
    </message>
    <message>
        <source>Document &amp;kind</source>
        <translation>書類(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Insurer number</source>
        <translation>保険者番号(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Symbol</source>
        <translation>記号(&amp;S)</translation>
    </message>
    <message>
        <source>N&amp;umber</source>
        <translation>番号(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Branch</source>
        <translation>枝番(&amp;B)</translation>
    </message>
    <message>
        <source>Birth &amp;date</source>
        <translation>生年月日(&amp;D)</translation>
    </message>
    <message>
        <source>Ask the service</source>
        <translation>照会する</translation>
    </message>
    <message>
        <source>check digit correct</source>
        <translation>検証番号OK</translation>
    </message>
</context>
<context>
    <name>PatientListModel</name>
    <message>
        <source>Patient ID</source>
        <translation>患者ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Kana</source>
        <translation>カナ</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>生年月日</translation>
    </message>
</context>
<context>
    <name>PatientScreen</name>
    <message>
        <source>Please place your My Number card on the reader</source>
        <translation>マイナ保険証を
カードリーダーに置いてください</translation>
    </message>
    <message>
        <source>Put it flat on the reader and leave it there until we say it is done.</source>
        <translation>カードは平らに置いて、「終わりました」と出るまで、そのままにしてください。</translation>
    </message>
    <message>
        <source>Please wait a moment</source>
        <translation>少しお待ちください</translation>
    </message>
    <message>
        <source>Please leave your card on the reader.</source>
        <translation>カードは置いたままにしてください。</translation>
    </message>
    <message>
        <source>Please press your 4-digit PIN</source>
        <translation>暗証番号（数字4けた）を
押してください</translation>
    </message>
    <message>
        <source>This is the 4-digit number you chose when you got the card.</source>
        <translation>カードを作ったときに決めた、4けたの数字です。</translation>
    </message>
    <message>
        <source>You can try %1 more times.</source>
        <translation>あと %1 回まちがえられます。</translation>
    </message>
    <message>
        <source>This is your last try. If it is wrong, the card will be locked.</source>
        <translation>あと1回です。まちがえるとカードが使えなくなります。</translation>
    </message>
    <message>
        <source>That number was not right. Please try again.</source>
        <translation>番号がちがいました。もう一度押してください。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>消す</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>決定</translation>
    </message>
    <message>
        <source>Stop and ask the staff</source>
        <translation>やめて、職員に聞く</translation>
    </message>
    <message>
        <source>Digit %1</source>
        <translation>数字 %1</translation>
    </message>
    <message>
        <source>Digits entered: %1 of 4</source>
        <translation>4けたのうち %1 けた入力ずみ</translation>
    </message>
    <message>
        <source>May the doctors here see your past medical information?</source>
        <translation>これまでの医療の情報を、
この医院の医師が見てもよいですか？</translation>
    </message>
    <message>
        <source>It helps the doctor treat you safely. You can answer for each kind of information, or for all at once. Saying no is fine and does not change your care.</source>
        <translation>安全な診察に役立ちます。1つずつ答えることも、まとめて答えることもできます。「いいえ」でも診察は変わりません。</translation>
    </message>
    <message>
        <source>Answer one by one</source>
        <translation>1つずつ答える</translation>
    </message>
    <message>
        <source>Answer for all at once</source>
        <translation>まとめて答える</translation>
    </message>
    <message>
        <source>Yes, I agree</source>
        <translation>はい、
見てもよい</translation>
    </message>
    <message>
        <source>No, I do not agree</source>
        <translation>いいえ、
見せない</translation>
    </message>
    <message>
        <source>Yes to all</source>
        <translation>はい、
すべて見てもよい</translation>
    </message>
    <message>
        <source>No to all</source>
        <translation>いいえ、
すべて見せない</translation>
    </message>
    <message>
        <source>May the doctors here see all of this information?</source>
        <translation>次の情報を、この医院の医師が
見てもよいですか？</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>質問 %1 ／ %2</translation>
    </message>
    <message>
        <source>About the limit on your medical costs</source>
        <translation>医療費の上限（限度額）について</translation>
    </message>
    <message>
        <source>By law, the clinic is told the upper limit of what you pay each month (限度額). You do not need to do anything. You do not need to apply for it.</source>
        <translation>法律にもとづいて、1か月に払う医療費の上限（限度額）が、
この医院に伝えられます。
あなたがすることはありません。申請もいりません。</translation>
    </message>
    <message>
        <source>I understand</source>
        <translation>わかりました</translation>
    </message>
    <message>
        <source>Thank you. You are checked in.</source>
        <translation>ありがとうございました。
受付が終わりました。</translation>
    </message>
    <message>
        <source>You can take your card now. Please wait until we call your name.</source>
        <translation>カードをお取りください。お名前を呼ぶまでお待ちください。</translation>
    </message>
    <message>
        <source>Please talk to the staff at the desk</source>
        <translation>受付の職員に
お声がけください</translation>
    </message>
    <message>
        <source>They will help you. You can take your card now.</source>
        <translation>職員がご案内します。カードをお取りください。</translation>
    </message>
    <message>
        <source>The card is locked because the number was wrong too many times. The staff will check you in another way.</source>
        <translation>暗証番号を何度もまちがえたため、カードが使えなくなっています。職員が別の方法で受付します。</translation>
    </message>
    <message>
        <source>The staff are checking your card</source>
        <translation>職員がカードを確認しています</translation>
    </message>
    <message>
        <source>The staff are checking your insurance</source>
        <translation>職員が保険の内容を確認しています</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>少しお待ちください。</translation>
    </message>
    <message>
        <source>Please wait until we call your name.</source>
        <translation>お名前を呼ぶまでお待ちください。</translation>
    </message>
    <message>
        <source>日本語 / English</source>
        <translation>English / 日本語</translation>
    </message>
    <message>
        <source>Your medicines</source>
        <extracomment>Per consent item: (title, question in plain words).</extracomment>
        <translation>お薬の情報</translation>
    </message>
    <message>
        <source>May the doctors here see which medicines you were given in the past?</source>
        <translation>これまでに出たお薬の記録を、この医院の医師が見てもよいですか？</translation>
    </message>
    <message>
        <source>Your health check results</source>
        <translation>健康診断の結果</translation>
    </message>
    <message>
        <source>May the doctors here see the results of your yearly health checks?</source>
        <translation>毎年の健康診断（特定健診）の結果を、この医院の医師が見てもよいですか？</translation>
    </message>
    <message>
        <source>Your past treatment</source>
        <translation>これまでの診療の情報</translation>
    </message>
    <message>
        <source>May the doctors here see what illnesses other clinics treated you for?</source>
        <translation>ほかの病院や診療所で、どんな病気の診療を受けたかを、この医院の医師が見てもよいですか？</translation>
    </message>
    <message>
        <source>Your past operations</source>
        <translation>これまでの手術の情報</translation>
    </message>
    <message>
        <source>May the doctors here see which operations you had in the past?</source>
        <translation>これまでに受けた手術の記録を、この医院の医師が見てもよいですか？</translation>
    </message>
</context>
<context>
    <name>QueueTableModel</name>
    <message>
        <source>Arrived</source>
        <extracomment>Role for the raw sort key of a cell.</extracomment>
        <translation>受付時刻</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>患者ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Kana</source>
        <translation>カナ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Eligibility by</source>
        <translation>資格確認方法</translation>
    </message>
    <message>
        <source>Re-check</source>
        <translation>再確認</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>（不明）</translation>
    </message>
    <message>
        <source>● needs re-check</source>
        <translation>● 再確認待ち</translation>
    </message>
</context>
<context>
    <name>ReceptionWindow</name>
    <message>
        <source>Madoguchi — reception</source>
        <extracomment>How often the offline banner asks whether the service is back.</extracomment>
        <translation>窓口 — 受付</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>Reception</source>
        <translation>受付</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Logged in as %1</source>
        <translation>%1 でログイン中</translation>
    </message>
    <message>
        <source>&amp;Histories…</source>
        <translation>薬剤・健診情報…(&amp;H)</translation>
    </message>
    <message>
        <source>Open patient histories</source>
        <translation>薬剤・健診情報を開く</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>設定…(&amp;T)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>ロック(&amp;L)</translation>
    </message>
    <message>
        <source>Lock the screen</source>
        <translation>画面をロック</translation>
    </message>
    <message>
        <source>Log o&amp;ut</source>
        <translation>ログアウト(&amp;U)</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>ログアウト</translation>
    </message>
    <message>
        <source>Re-check n&amp;ow</source>
        <translation>今すぐ再確認(&amp;O)</translation>
    </message>
    <message>
        <source>Register for re-chec&amp;k (no online result)</source>
        <translation>再確認待ちで受付(&amp;K)（オンライン結果なし）</translation>
    </message>
    <message>
        <source>Run the re-check queue now</source>
        <translation>再確認待ちを今すぐ確認</translation>
    </message>
    <message>
        <source>Today&apos;s patients</source>
        <translation>本日の受付</translation>
    </message>
    <message>
        <source>Search: kana, birth date (1950-04-01 / S25.4.1) or patient ID — Ctrl+F</source>
        <translation>検索: カナ・生年月日（1950-04-01 / S25.4.1）・患者ID — Ctrl+F</translation>
    </message>
    <message>
        <source>Search patients</source>
        <translation>患者検索</translation>
    </message>
    <message>
        <source>Today&apos;s queue</source>
        <translation>本日の受付一覧</translation>
    </message>
    <message>
        <source>Registered patients (press Enter in the search)</source>
        <translation>登録患者（検索欄で Enter）</translation>
    </message>
    <message>
        <source>Registered patients found</source>
        <translation>見つかった登録患者</translation>
    </message>
    <message>
        <source>No patient selected</source>
        <translation>患者は選ばれていません</translation>
    </message>
    <message>
        <source>Set status: %1</source>
        <translation>状態を「%1」にする</translation>
    </message>
    <message>
        <source>Register the visit for a re-check</source>
        <translation>再確認待ちとして受付を登録</translation>
    </message>
    <message>
        <source>Select a patient in today&apos;s queue, then press Histories (Alt+H) — or double-click the row — to read their medication and checkups.</source>
        <translation>本日の受付から患者さんを選び、「薬剤・健診情報」（Alt+H）を押してください。行をダブルクリックしても開きます。</translation>
    </message>
    <message>
        <source>%1 patients today</source>
        <translation>本日 %1 人</translation>
    </message>
    <message>
        <source>Registered patients found: %1</source>
        <translation>見つかった登録患者: %1 人</translation>
    </message>
    <message>
        <source>Selected: %1 %2 (born %3)</source>
        <translation>選択中: %1 %2（生年月日 %3）</translation>
    </message>
    <message>
        <source>Already checked in</source>
        <translation>受付済み</translation>
    </message>
    <message>
        <source>This patient is already in today&apos;s queue (arrived %1).</source>
        <translation>この患者さんは本日すでに受付済みです（%1 受付）。</translation>
    </message>
    <message>
        <source>Register another visit anyway?</source>
        <translation>それでも、もう1件受付を登録しますか？</translation>
    </message>
    <message>
        <source>Search and select the patient first (type kana and press Enter).</source>
        <translation>先に患者を検索して選んでください（カナを入力して Enter）。</translation>
    </message>
    <message>
        <source>Select the patient</source>
        <translation>患者を選んでください</translation>
    </message>
    <message>
        <source>The eligibility service cannot be reached. Check-ins continue; visits are marked as not yet confirmed and re-checked automatically when it is back.</source>
        <translation>資格確認サービスに接続できません。受付は続けられます。受付は「未確認」として記録し、サービスが戻ると自動で再確認します。</translation>
    </message>
    <message>
        <source>Re-checked %1 visits; %2 still waiting.</source>
        <translation>%1 件を再確認しました。残り %2 件。</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <source>Eligibility result</source>
        <translation>資格確認結果</translation>
    </message>
    <message>
        <source>Qualification record</source>
        <translation>資格情報</translation>
    </message>
    <message>
        <source>The service returned several records</source>
        <translation>複数の資格情報が返されました</translation>
    </message>
    <message>
        <source>Insurance</source>
        <translation>保険情報</translation>
    </message>
    <message>
        <source>Elderly, cost limit, specific diseases</source>
        <translation>高齢受給者・限度額・特定疾病</translation>
    </message>
    <message>
        <source>Consent and identity check</source>
        <translation>同意と本人確認</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>I compared the received name with the registered spelling</source>
        <translation>受け取った氏名と登録の表記を見比べました</translation>
    </message>
    <message>
        <source>&amp;Register visit</source>
        <translation>受付を登録(&amp;R)</translation>
    </message>
    <message>
        <source>Register visit</source>
        <translation>受付を登録</translation>
    </message>
    <message>
        <source>Register as ne&amp;w patient…</source>
        <translation>新規患者として登録…(&amp;W)</translation>
    </message>
    <message>
        <source>Register as new patient</source>
        <translation>新規患者として登録</translation>
    </message>
    <message>
        <source>No result yet</source>
        <translation>まだ結果はありません</translation>
    </message>
    <message>
        <source>Start a check-in: tap a card or use numbers.</source>
        <translation>受付を始めてください：カードを置くか、番号で照会します。</translation>
    </message>
    <message>
        <source>Message from the service: %1</source>
        <translation>サービスからのメッセージ: %1</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>資格情報</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Record %1 of %2</source>
        <translation>%1 / %2 件目</translation>
    </message>
    <message>
        <source>%1 records; registration uses record 1</source>
        <translation>%1 件（受付には1件目を使います）</translation>
    </message>
    <message>
        <source>Insurer</source>
        <translation>保険者</translation>
    </message>
    <message>
        <source>Symbol・number・branch</source>
        <translation>記号・番号・枝番</translation>
    </message>
    <message>
        <source>Insured person</source>
        <translation>本人・家族</translation>
    </message>
    <message>
        <source>Self</source>
        <translation>本人</translation>
    </message>
    <message>
        <source>Family member</source>
        <translation>家族</translation>
    </message>
    <message>
        <source>Copay</source>
        <translation>負担割合</translation>
    </message>
    <message>
        <source>Qualified from</source>
        <translation>資格取得日</translation>
    </message>
    <message>
        <source>Lost on</source>
        <translation>資格喪失日</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有効期限</translation>
    </message>
    <message>
        <source>Elderly recipient</source>
        <translation>高齢受給者証</translation>
    </message>
    <message>
        <source>Cost limit (限度額)</source>
        <translation>限度額適用</translation>
    </message>
    <message>
        <source>Cost limit shared</source>
        <translation>限度額情報の提供</translation>
    </message>
    <message>
        <source>Specific disease</source>
        <translation>特定疾病</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Identity checked by</source>
        <translation>本人確認の方法</translation>
    </message>
    <message>
        <source>Agreed, until %1</source>
        <translation>同意あり（%1 まで）</translation>
    </message>
    <message>
        <source>Not agreed</source>
        <translation>同意なし</translation>
    </message>
    <message>
        <source>● in the name: a character the service cannot show</source>
        <translation>氏名に●：サービスで表示できない文字があります</translation>
    </message>
    <message>
        <source>Rare kanji: %1 (check before using in claims)</source>
        <translation>異体字・旧字: %1（レセプトに使う前に確認）</translation>
    </message>
    <message>
        <source>Received name</source>
        <translation>受け取った氏名</translation>
    </message>
    <message>
        <source>Received kana</source>
        <translation>受け取ったカナ</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>確認</translation>
    </message>
    <message>
        <source>Matches one registered patient.</source>
        <translation>登録患者1人と一致しました。</translation>
    </message>
    <message>
        <source>Matches several registered patients: choose one.</source>
        <translation>複数の登録患者と一致しました。1人を選んでください。</translation>
    </message>
    <message>
        <source>Only the service&apos;s reference number points to a patient: check carefully.</source>
        <translation>サービスの参照番号だけが患者を示しています。よく確認してください。</translation>
    </message>
    <message>
        <source>Not registered yet: register as a new patient.</source>
        <translation>未登録です。新規患者として登録してください。</translation>
    </message>
    <message>
        <source>Patient %1</source>
        <translation>患者 %1</translation>
    </message>
    <message>
        <source>    No differences.</source>
        <translation>    違いはありません。</translation>
    </message>
    <message>
        <source>    %1: registered 「%2」 / received 「%3」</source>
        <translation>    %1：登録「%2」／受信「%3」</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Kana</source>
        <translation>カナ</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性別</translation>
    </message>
</context>
<context>
    <name>SelfDeclarationDialog</name>
    <message>
        <source>Self-declaration</source>
        <translation>被保険者資格申立書</translation>
    </message>
    <message>
        <source>Use this when the patient cannot show a card or certificate. Ask them to fill in the self-declaration form (被保険者資格申立書). The visit is registered and marked for a re-check.</source>
        <translation>カードも資格確認書もないときに使います。被保険者資格申立書を記入してもらってください。受付は再確認待ちとして登録します。</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>The form is filled in and signed</source>
        <translation>申立書の記入・署名を受け取った</translation>
    </message>
    <message>
        <source>Register visit</source>
        <translation>受付を登録</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Clinic</source>
        <extracomment>Receives the changed keys after a successful save; the wiring appends the ``settings_change`` audit row (staff id, keys only — never values of secrets).</extracomment>
        <translation>医療機関</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>受付</translation>
    </message>
    <message>
        <source>Eligibility service</source>
        <translation>資格確認サービス</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>カード読み取り機</translation>
    </message>
    <message>
        <source>Consent items asked</source>
        <translation>同意をたずねる項目</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>保存期間</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>データベース</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>バックアップ</translation>
    </message>
    <message>
        <source>Secrets (kept in the OS keyring)</source>
        <translation>秘密情報（OS のキーリングに保存）</translation>
    </message>
    <message>
        <source>Medical institution code</source>
        <translation>医療機関コード</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Lock after idle (minutes)</source>
        <translation>操作がないときのロック（分）</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>接続方法</translation>
    </message>
    <message>
        <source>HTTPS endpoint</source>
        <translation>HTTPS 接続先</translation>
    </message>
    <message>
        <source>CA bundle (PEM)</source>
        <translation>CA 証明書（PEM）</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>クライアント証明書</translation>
    </message>
    <message>
        <source>Terminal folder (req/res/face)</source>
        <translation>端末フォルダ（req/res/face）</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>読み取り機</translation>
    </message>
    <message>
        <source>Visits and checks (years)</source>
        <translation>受付・資格確認（年）</translation>
    </message>
    <message>
        <source>Fetched histories (days)</source>
        <translation>取得した薬剤・健診情報（日）</translation>
    </message>
    <message>
        <source>Audit log (years)</source>
        <translation>監査ログ（年）</translation>
    </message>
    <message>
        <source>Database URL</source>
        <translation>データベース URL</translation>
    </message>
    <message>
        <source>Generations to keep</source>
        <translation>保存する世代数</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日本語</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英語</translation>
    </message>
    <message>
        <source>Terminal folders (資格確認端末)</source>
        <translation>端末フォルダ（資格確認端末）</translation>
    </message>
    <message>
        <source>HTTPS gateway</source>
        <translation>HTTPS ゲートウェイ</translation>
    </message>
    <message>
        <source>Medication (薬剤情報)</source>
        <translation>薬剤情報</translation>
    </message>
    <message>
        <source>Checkups (特定健診情報)</source>
        <translation>特定健診情報</translation>
    </message>
    <message>
        <source>Treatment (診療情報)</source>
        <translation>診療情報</translation>
    </message>
    <message>
        <source>Surgery (手術情報)</source>
        <translation>手術情報</translation>
    </message>
    <message>
        <source>Client certificate password</source>
        <translation>クライアント証明書のパスワード</translation>
    </message>
    <message>
        <source>Database password</source>
        <translation>データベースのパスワード</translation>
    </message>
    <message>
        <source>Backup encryption key</source>
        <translation>バックアップの暗号鍵</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>変更なし</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>設定を保存</translation>
    </message>
    <message>
        <source>empty: local SQLite file</source>
        <translation>空欄：この PC の SQLite ファイル</translation>
    </message>
    <message>
        <source>The backup key must be the key shown by the first PC (44 characters, base64).</source>
        <translation>バックアップの鍵は、最初のPCに表示された鍵（44文字、base64）を入力してください。</translation>
    </message>
</context>
</TS>
