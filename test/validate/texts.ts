/** Real school-style passages and simplifications used by the validation tests. */
export const EN_SOURCE =
  'Mahatma Gandhi was born on 2 October 1869 in Porbandar, Gujarat. He studied law in London at University College. ' +
  'In 1915 he returned to India and joined the Indian National Congress. The NCERT textbook says the Salt March covered 390 km. ' +
  'About 1,50,000 people watched. Jawaharlal Nehru became Prime Minister. Dr. Rajendra Prasad was the first President of India.';

export const EN_SIMPLE =
  'Gandhi was born in 1869 in Porbandar in Gujarat. His birthday is 2 October. He studied law in London at University College. ' +
  'He came back to India in 1915. He joined the Indian National Congress. The NCERT book says the Salt March was 390 km long. ' +
  'About 1.5 lakh people watched. Nehru became Prime Minister. Rajendra Prasad was the first President of India.';

export const EN_COMPLEX =
  'Photosynthesis, the biochemical mechanism whereby chlorophyll-containing organisms convert electromagnetic radiation into ' +
  'chemically stored energy, fundamentally underpins terrestrial ecosystems, simultaneously regulating atmospheric composition ' +
  'through the continuous liberation of molecular oxygen and the sequestration of carbon dioxide.';

/** Senior-secondary textbook prose: FKGL about 12-13. */
export const EN_SENIOR =
  'Photosynthesis is the process by which green plants convert light energy into chemical energy. ' +
  'Chlorophyll in the leaves absorbs sunlight, and carbon dioxide combines with water to form glucose. ' +
  'Oxygen is released into the atmosphere as a by-product of this reaction.';

export const EN_PLAIN = 'Plants make food from light. They take in air and water. They give out the air we breathe. This is how plants live.';

export const HI_SOURCE =
  'महात्मा गांधी का जन्म २ अक्टूबर १८६९ को पोरबंदर में हुआ था। उन्होंने लंदन में कानून की पढ़ाई की। १९१५ में वे भारत लौटे। ' +
  'NCERT की किताब के अनुसार दांडी यात्रा लगभग ३९० किलोमीटर लंबी थी। इस यात्रा को लगभग १,५०,००० लोगों ने देखा।';

export const HI_SIMPLE =
  'गांधी जी का जन्म 2 अक्टूबर 1869 को हुआ। वे पोरबंदर में जन्मे थे। उन्होंने लंदन में कानून पढ़ा। 1915 में वे भारत लौटे। ' +
  'NCERT की किताब कहती है कि दांडी यात्रा 390 किलोमीटर लंबी थी। लगभग 1.5 लाख लोगों ने इसे देखा।';

export const HI_COMPLEX =
  'प्रकाश संश्लेषण वह जैव-रासायनिक प्रक्रिया है जिसके द्वारा हरे पौधे सूर्य के प्रकाश की उपस्थिति में कार्बन डाइऑक्साइड और जल का ' +
  'उपयोग करके ग्लूकोज़ का निर्माण करते हैं तथा ऑक्सीजन मुक्त करते हैं। इस प्रक्रिया में पर्णहरित की महत्वपूर्ण भूमिका होती है, क्योंकि ' +
  'वह सौर ऊर्जा का अवशोषण करके उसे रासायनिक ऊर्जा में रूपांतरित करता है।';

export const HI_PLAIN = 'पौधे धूप से खाना बनाते हैं। वे हवा और पानी लेते हैं। वे हमें साँस की हवा देते हैं। इसी से पौधे जीते हैं।';

export const TA_SOURCE =
  'இந்தியா ௧௯௪௭ ஆம் ஆண்டு ஆகஸ்ட் ௧௫ அன்று சுதந்திரம் பெற்றது. ISRO நிறுவனம் ௧௯௬௯ இல் தொடங்கப்பட்டது. ' +
  'சந்திரயான் திட்டம் ௨௦௨௩ இல் நிலவை அடைந்தது.';

export const TA_SIMPLE = 'இந்தியா 1947 ஆகஸ்ட் 15 அன்று சுதந்திரம் பெற்றது. ISRO 1969 இல் தொடங்கியது. சந்திரயான் 2023 இல் நிலவை அடைந்தது.';

export const TA_COMPLEX =
  'ஒளிச்சேர்க்கை என்பது பச்சைத் தாவரங்கள் சூரிய ஒளியின் முன்னிலையில் கார்பன் டை ஆக்சைடையும் நீரையும் பயன்படுத்தி குளுக்கோஸை ' +
  'உற்பத்தி செய்து ஆக்சிஜனை வெளியிடும் உயிர்வேதியியல் செயல்முறையாகும்.';

export const UR_SOURCE =
  'پانی ۱۰۰ ڈگری پر ابلتا ہے۔ زمین کا ۷۱ فیصد حصہ پانی سے ڈھکا ہوا ہے۔ NASA کے مطابق سمندر کی اوسط گہرائی ۳,۶۸۲ میٹر ہے۔';

export const UR_SIMPLE = 'پانی 100 ڈگری پر ابلتا ہے۔ زمین کا 71 فیصد حصہ پانی ہے۔ NASA کہتا ہے کہ سمندر اوسطاً 3682 میٹر گہرا ہے۔';

/** The English source translated to Hindi: names transliterated, acronym and numbers kept. */
export const HI_TRANSLATION =
  'महात्मा गांधी का जन्म 2 अक्टूबर 1869 को पोरबंदर, गुजरात में हुआ। उन्होंने लंदन के यूनिवर्सिटी कॉलेज में कानून पढ़ा। 1915 में वे भारत ' +
  'लौटे और भारतीय राष्ट्रीय कांग्रेस से जुड़े। NCERT की किताब कहती है कि नमक यात्रा 390 किलोमीटर लंबी थी। लगभग 1,50,000 लोगों ने इसे देखा। ' +
  'जवाहरलाल नेहरू प्रधानमंत्री बने। डॉ. राजेंद्र प्रसाद भारत के पहले राष्ट्रपति थे।';

// A short school circular and its translations, for the language check (issue 12).
export const EN_CIRCULAR = 'The school will be closed tomorrow because of heavy rain. Children should study at home. Parents should pay the fees on time.';
export const HI_CIRCULAR = 'भारी बारिश के कारण विद्यालय कल बंद रहेगा। बच्चे घर पर पढ़ाई करें। अभिभावक समय पर शुल्क जमा करें।';
export const MR_CIRCULAR = 'मुसळधार पावसामुळे शाळा उद्या बंद राहील. मुलांनी घरी अभ्यास करावा. पालकांनी वेळेवर शुल्क भरावे.';
export const BN_CIRCULAR = 'ভারী বৃষ্টির কারণে আগামীকাল স্কুল বন্ধ থাকবে। শিশুরা বাড়িতে পড়াশোনা করবে। অভিভাবকেরা সময়মতো ফি জমা দেবেন।';
export const AS_CIRCULAR = 'প্ৰবল বৰষুণৰ বাবে কাইলৈ বিদ্যালয় বন্ধ থাকিব। ল’ৰা-ছোৱালীয়ে ঘৰতে পঢ়া-শুনা কৰিব লাগে। অভিভাৱকসকলে সময়মতে মাচুল জমা দিব লাগে।';
