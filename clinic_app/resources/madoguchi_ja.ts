<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
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
        <source>The insured person's number is missing.</source>
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
        <source>The operation could not be completed.</source>
        <translation>操作を完了できませんでした。</translation>
    </message>
    <message>
        <source>Try again. If it happens again, tell IT (code shown below).</source>
        <translation>もう一度お試しください。繰り返す場合は、下のコードをシステム担当者に伝えてください。</translation>
    </message>
    <message numerus="yes">
        <source>Tries left: %n</source>
        <translation><numerusform>残り%n回</numerusform></translation>
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
</TS>
