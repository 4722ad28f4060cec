/**
 * What each supported language is called in each other one, so that a Hindi sentence names Tamil
 * as "तमिल" rather than in Tamil script a Hindi reader may not read. Outer key: the language of the
 * sentence; inner key: the language named. English names come from LanguageInfo.englishName, and a
 * language's name for itself from LanguageInfo.nativeName; both are repeated here so that each row
 * is complete and a test can check it against the table in languages.ts.
 */
export const LANGUAGE_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  hi: { en: 'अंग्रेज़ी', hi: 'हिन्दी', bn: 'बांग्ला', ta: 'तमिल', te: 'तेलुगु', kn: 'कन्नड़', ml: 'मलयालम', mr: 'मराठी', gu: 'गुजराती', pa: 'पंजाबी', or: 'ओड़िया', ur: 'उर्दू', as: 'असमिया' },
  bn: { en: 'ইংরেজি', hi: 'হিন্দি', bn: 'বাংলা', ta: 'তামিল', te: 'তেলুগু', kn: 'কন্নড়', ml: 'মালয়ালম', mr: 'মারাঠি', gu: 'গুজরাটি', pa: 'পাঞ্জাবি', or: 'ওড়িয়া', ur: 'উর্দু', as: 'অসমীয়া' },
  ta: { en: 'ஆங்கிலம்', hi: 'இந்தி', bn: 'வங்காளம்', ta: 'தமிழ்', te: 'தெலுங்கு', kn: 'கன்னடம்', ml: 'மலையாளம்', mr: 'மராத்தி', gu: 'குஜராத்தி', pa: 'பஞ்சாபி', or: 'ஒடியா', ur: 'உருது', as: 'அசாமி' },
  te: { en: 'ఇంగ్లీష్', hi: 'హిందీ', bn: 'బెంగాలీ', ta: 'తమిళం', te: 'తెలుగు', kn: 'కన్నడ', ml: 'మలయాళం', mr: 'మరాఠీ', gu: 'గుజరాతీ', pa: 'పంజాబీ', or: 'ఒడియా', ur: 'ఉర్దూ', as: 'అస్సామీ' },
  kn: { en: 'ಇಂಗ್ಲಿಷ್', hi: 'ಹಿಂದಿ', bn: 'ಬಂಗಾಳಿ', ta: 'ತಮಿಳು', te: 'ತೆಲುಗು', kn: 'ಕನ್ನಡ', ml: 'ಮಲಯಾಳಂ', mr: 'ಮರಾಠಿ', gu: 'ಗುಜರಾತಿ', pa: 'ಪಂಜಾಬಿ', or: 'ಒಡಿಯಾ', ur: 'ಉರ್ದು', as: 'ಅಸ್ಸಾಮಿ' },
  ml: { en: 'ഇംഗ്ലീഷ്', hi: 'ഹിന്ദി', bn: 'ബംഗാളി', ta: 'തമിഴ്', te: 'തെലുങ്ക്', kn: 'കന്നഡ', ml: 'മലയാളം', mr: 'മറാഠി', gu: 'ഗുജറാത്തി', pa: 'പഞ്ചാബി', or: 'ഒഡിയ', ur: 'ഉറുദു', as: 'അസമീസ്' },
  mr: { en: 'इंग्रजी', hi: 'हिंदी', bn: 'बंगाली', ta: 'तमिळ', te: 'तेलुगू', kn: 'कन्नड', ml: 'मल्याळम', mr: 'मराठी', gu: 'गुजराती', pa: 'पंजाबी', or: 'ओडिया', ur: 'उर्दू', as: 'आसामी' },
  gu: { en: 'અંગ્રેજી', hi: 'હિન્દી', bn: 'બંગાળી', ta: 'તમિલ', te: 'તેલુગુ', kn: 'કન્નડ', ml: 'મલયાલમ', mr: 'મરાઠી', gu: 'ગુજરાતી', pa: 'પંજાબી', or: 'ઓડિયા', ur: 'ઉર્દૂ', as: 'આસામી' },
  pa: { en: 'ਅੰਗਰੇਜ਼ੀ', hi: 'ਹਿੰਦੀ', bn: 'ਬੰਗਾਲੀ', ta: 'ਤਮਿਲ', te: 'ਤੇਲਗੂ', kn: 'ਕੰਨੜ', ml: 'ਮਲਿਆਲਮ', mr: 'ਮਰਾਠੀ', gu: 'ਗੁਜਰਾਤੀ', pa: 'ਪੰਜਾਬੀ', or: 'ਉੜੀਆ', ur: 'ਉਰਦੂ', as: 'ਅਸਾਮੀ' },
  or: { en: 'ଇଂରାଜୀ', hi: 'ହିନ୍ଦୀ', bn: 'ବଙ୍ଗଳା', ta: 'ତାମିଲ', te: 'ତେଲୁଗୁ', kn: 'କନ୍ନଡ', ml: 'ମାଲାୟାଲମ', mr: 'ମରାଠୀ', gu: 'ଗୁଜରାଟୀ', pa: 'ପଞ୍ଜାବୀ', or: 'ଓଡ଼ିଆ', ur: 'ଉର୍ଦ୍ଦୁ', as: 'ଅସମୀୟା' },
  ur: { en: 'انگریزی', hi: 'ہندی', bn: 'بنگالی', ta: 'تمل', te: 'تیلگو', kn: 'کنڑ', ml: 'ملیالم', mr: 'مراٹھی', gu: 'گجراتی', pa: 'پنجابی', or: 'اوڑیا', ur: 'اردو', as: 'آسامی' },
  as: { en: 'ইংৰাজী', hi: 'হিন্দী', bn: 'বাংলা', ta: 'তামিল', te: 'তেলুগু', kn: 'কানাড়া', ml: 'মালয়ালম', mr: 'মাৰাঠী', gu: 'গুজৰাটী', pa: 'পাঞ্জাবী', or: 'ওড়িয়া', ur: 'উৰ্দু', as: 'অসমীয়া' },
};
