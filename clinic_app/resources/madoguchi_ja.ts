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
<context>
    <name>PatientScreen</name>
    <message>
        <source>Please place your My Number card on the reader</source>
        <extracomment>Minimum size of anything the patient touches (issue: at least 15 mm). The PIN keys and answer buttons are made larger than the minimum.</extracomment>
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
        <translation>法律にもとづいて、1か月に払う医療費の上限（限度額）が、この医院に伝えられます。あなたがすることはありません。申請もいりません。</translation>
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
    <name>SettingsDialog</name>
    <message>
        <source>Clinic</source>
        <extracomment>Receives the changed keys after a successful save; the wiring appends the ``settings_change`` audit row (staff id, keys only — never values of secrets).</extracomment>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Desk</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Eligibility service</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Card reader</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Consent items asked</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Retention</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Database</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Backups</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Secrets (kept in the OS keyring)</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Medical institution code</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Lock after idle (minutes)</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Transport</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>HTTPS endpoint</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>CA bundle (PEM)</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Client certificate</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Terminal folder (req/res/face)</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Reader</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Visits and checks (years)</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Fetched histories (days)</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Audit log (years)</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Database URL</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Generations to keep</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Japanese</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>English</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Terminal folders (資格確認端末)</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>HTTPS gateway</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Medication (薬剤情報)</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Checkups (特定健診情報)</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Treatment (診療情報)</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Surgery (手術情報)</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Client certificate password</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Database password</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Backup encryption key</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>unchanged</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>Save settings</source>
        <translation type="unfinished"/>
    </message>
    <message>
        <source>empty: local SQLite file</source>
        <translation type="unfinished"/>
    </message>
</context>
</TS>
