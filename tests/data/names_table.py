"""The name check's measuring table: sentences written for it, each with the names that must be flagged.

KNOWN stands for the names the site publishes itself (mediators, officials, reporters); they are never flagged.
Every kind of sentence a case text has: names at the start, middle and end, names that are also words, place and
organisation names that look like names, the 某 form, familiar forms of address (老王, 张师傅, 罗大婶)."""

from generator.privacy.names import short_place_names

_PUBLIC = {"王宝正", "崔万桥", "王世军", "老王调解工作室", "聂成", "吴康富", "向贤琼", "马忠", "陆燕", "高荣村",
           "张家川回族自治县", "高平市", "修武县"}
KNOWN = frozenset(_PUBLIC | short_place_names(_PUBLIC))  # as the site's own public names are gathered

TABLE: list[tuple[str, set[str]]] = [
    # private persons named in full: must be flagged
    ("张伟和邻居因为排水沟的事吵了三年。", {"张伟"}),
    ("村民李娜来到调解室反映情况。", {"李娜"}),
    ("经调解，双方同意由刘建军一次性支付修车费。", {"刘建军"}),
    ("提出申请的是在镇上开饭馆的赵丽。", {"赵丽"}),
    ("当天下午，陈志强带着合同复印件找到司法所。", {"陈志强"}),
    ("务工人员杨保菊说，钱一直没有拿到。", {"杨保菊"}),
    ("杨保菊与丈夫田忠富常年在外打工。", {"杨保菊", "田忠富"}),
    ("醉酒的乘客周彬在车上辱骂司机王海。", {"周彬", "王海"}),
    ("孙丽华的大棚被烧坏了一半。", {"孙丽华"}),
    ("调解员上门时，黄晓明正在地里干活。", {"黄晓明"}),
    ("事故发生后，郭小平被送往县医院。", {"郭小平"}),
    ("这笔钱最后交到了马秀英手里。", {"马秀英"}),
    ("双方签字确认后，何文斌当场付清了余款。", {"何文斌"}),
    ("欠款人邓海峰承诺月底前还清。", {"邓海峰"}),
    ("林晓燕认为物业没有尽到管理责任。", {"林晓燕"}),
    ("在华池县，村民向阳和妻子为过年的事争吵。", {"向阳"}),
    ("被告人吴建国对赔偿数额没有异议。", {"吴建国"}),
    ("朱红梅的儿子把老人接回了家。", {"朱红梅"}),
    ("承包人罗志刚拖欠了十六名工人的工资。", {"罗志刚"}),
    ("村里的唐海燕把情况反映给了网格员。", {"唐海燕"}),
    ("工地负责人叫许文军，他答应先付一半。", {"许文军"}),
    ("纠纷的起因是冯桂兰家的鸡跑进了邻居菜地。", {"冯桂兰"}),
    ("司法所请来了种植户韩德胜帮忙估算损失。", {"韩德胜"}),
    ("谢春花和谢春生姐弟俩为老宅分割起了争执。", {"谢春花", "谢春生"}),
    ("最后一次调解，高天明终于点了头。", {"高天明"}),
    ("买种子的农户中，有一位叫曹金花。", {"曹金花"}),
    ("张志远、李红霞夫妇向调委会提出申请。", {"张志远", "李红霞"}),
    ("受伤的是六十六岁的彭玉兰。", {"彭玉兰"}),
    ("卖种人闫国庆没有生产经营许可证。", {"闫国庆"}),
    ("双方当事人为姚建华和蒋丽。", {"姚建华", "蒋丽"}),
    # the 某 form and its variants: never flagged
    ("李某与妻子盖某因感情不和争吵。", set()),
    ("王某某赔偿孙某、解某某各项损失。", set()),
    ("刘某甲与刘某乙是亲兄弟。", set()),
    ("某工程的施工方一直没有露面。", set()),
    ("吴某等16人反映买到了假种子。", set()),
    ("尹某、樊某、蒋某等6户村民同意让地。", set()),
    ("调解员分别找到胡某和罗某了解情况。", set()),
    ("欧阳某某起初不愿意到场。", set()),
    # familiar forms of address used by reports for parties: not full names
    ("罗大婶家翻建院墙，小蒋把车横在地基上。", set()),
    ("张师傅承接了渣土清运的活。", set()),
    ("老王调解工作室又调成了一件。", set()),
    ("老王听完双方的话，先把茶倒上。", set()),
    ("兰女士骑车载着姐姐被撞倒。", set()),
    ("王老汉要一万元，李老太只肯给一千五。", set()),
    ("小刘和老陈是多年的邻居。", set()),
    ("这件事多亏了赵大爷从中说和。", set()),
    # names the site publishes itself: mediators, officials, reporters
    ("调解员王宝正用三天时间帮他要回了报酬。", set()),
    ("村人民调解委员会调解员崔万桥把叔侄俩请到一起。", set()),
    ("王世军说，种子的事要先看许可证。", set()),
    ("聂成、吴康富、向贤琼三位老人分头做工作。", set()),
    ("记者马忠在姚伏镇采访了这起纠纷。", set()),
    ("全国模范人民调解员陆燕介绍了经验。", set()),
    # places and organisations that look like names
    ("高荣村的6户村民各让出3米地。", set()),
    ("张家川回族自治县胡川乡有一位阿訇调解员。", set()),
    ("纠纷发生在高平市的一个村子里。", set()),
    ("柏杨坝镇司法所设有乡贤调解室。", set()),
    ("平罗县崇岗镇暖泉村的田埂被石头压住了。", set()),
    ("金塔县古城乡有农户二百多户。", set()),
    ("华池县综治中心和派出所联合调解。", set()),
    ("骆驼城镇推行了四级七天调解法。", set()),
    ("东源县涧头镇的山林面积约八十四亩。", set()),
    ("滑县联调中心宝正调解室接待了他。", set()),
    # names that are also ordinary words, used as words: never flagged
    ("我们要向阳光的地方看齐。", set()),
    ("今年的金花节吸引了很多游客。", set()),
    ("这个方案对双方都很公平。", set()),
    ("他们一家人非常和平地分了家产。", set()),
    # ordinary words jieba's dictionary tags as names, met in the sample site's own case texts
    ("聂某不再往胡同里排污水。", set()),
    ("各方同意尊重历史沿革、互相让一步。", set()),
    ("李某专门拉着调解员道谢。", set()),
    ("几年来秋收全靠人背肩扛。", set()),
    ("夫妻二人当场表示和好。", set()),
    # met in the benchmark's corpus and the sample site's news: terms, places cut apart, diminutives
    ("司法局开展“红黑榜”评比，督促各村整改。", set()),
    ("各乡镇全面启动宪法宣传周活动。", set()),
    ("今年以来，修武的调解员走遍了各村。", set()),
    ("炭山岭镇塔窝村探索出联户联防的办法。", set()),
    ("墙上贴着一排金色小星星，每颗代表一次调解成功。", set()),
    ("主任杨学军到村里了解纠纷情况。", {"杨学军"}),
    ("调解经过写在下面，**加粗**的是双方都认可的事实。", set()),
    # a road's name and which part of it (a review found 人民路东段 read as a name); 路 is a surname all the same
    ("民警沿人民路东段巡逻，与沿街商户交谈。", set()),
    ("村民路建国和邻居因排水沟发生争执。", {"路建国"}),
    # words of mediation reports jieba took for names, and a national leader's name before his title
    ("双方手里的林权证四至不一致。", set()),
    ("林权改革后，山界纠纷多了起来。", set()),
    ("对方当场付清维修费两千元。", set()),
    ("调解员深入学习习近平法治思想。", set()),
    ("习近平总书记强调要坚持和发展新时代“枫桥经验”。", set()),
    ("村民王建国思想上一直有疙瘩。", {"王建国"}),
    ("经调解，王付清同意赔偿。", {"王付清"}),
    ("王建国主席说这件事要再商量。", {"王建国"}),
]

# Written after the rules above were settled and never used to tune them: the README reports both figures.
HELD_OUT: list[tuple[str, set[str]]] = [
    ("申请人潘建平称对方至今没有道歉。", {"潘建平"}),
    ("两家争的是范春燕家门前那块空地。", {"范春燕"}),
    ("调解开始前，宋志军先把欠条拿了出来。", {"宋志军"}),
    ("业主程丽娟拒绝缴纳物业费。", {"程丽娟"}),
    ("他的妻子叫杜秀兰，在镇上卖菜。", {"杜秀兰"}),
    ("石磊和同村的袁小红是表兄妹。", {"石磊", "袁小红"}),
    ("最终由贾国强赔偿医药费八千元。", {"贾国强"}),
    ("包工头魏建设答应分三次付清。", {"魏建设"}),
    ("钱某与邻居孔某为一棵树的归属争了两年。", set()),
    ("老李把两家人都请到了调解室。", set()),
    ("周大姐一开口，屋里就安静了。", set()),
    ("调解员陆燕把协议念了一遍。", set()),
    ("东源县涧头镇司法所受理了申请。", set()),
    ("这片林地的四至写得清清楚楚。", set()),
    ("春风吹绿了田野，农户开始备耕。", set()),
    ("事后双方都表示满意，握手言和。", set()),
]
