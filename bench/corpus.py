"""Synthetic Vietnamese meeting reports for the benchmarks: deterministic, at any size.

Article ``i`` of seed ``s`` is always the same text, whatever N is, so a run of
100,000 contains the run of 1,000 and "100 new articles" are simply articles
N … N+99. Articles follow the layouts of real provincial Party newspapers (the
page furniture, date lines, lead markers and bylines the seeds show) and are
built from a vocabulary of our own: 63 provinces with their districts and
newspapers from the gazetteer, a roster of office holders per province and
term, document codes, dates 2010–2025 and some forty policy topics with their
own words, so that a topical query matches a realistic few per cent of the
archive rather than all of it. It must never read the seed files or anything
else at run time, and never touch the database: text out, nothing else.
"""
import datetime as dt
import hashlib
import os
import random
from dataclasses import dataclass

from archive.ingest import gazetteer

SURNAMES = (
    ["Nguyễn"] * 30 + ["Trần"] * 10 + ["Lê"] * 9 + ["Phạm"] * 7 + ["Hoàng"] * 5 + ["Huỳnh"] * 4 + ["Phan"] * 4
    + ["Vũ"] * 4 + ["Võ"] * 4 + ["Đặng"] * 2 + ["Bùi"] * 2 + ["Đỗ"] * 2 + ["Hồ"] * 2 + ["Ngô"] * 2
    + ("Dương Lý Đào Đoàn Trịnh Trương Lâm Phùng Mai Tô Hà Tạ Thái Châu Lương Cao Lưu Đinh Kiều Quách Triệu Chu "
       "Nông Lò Thạch Giàng").split()
)
MIDDLE = (
    "Văn Thị Đức Minh Quốc Hoàng Thanh Ngọc Hữu Công Xuân Thành Kim Anh Hồng Quang Trọng Bá Đình Tiến Như Phương "
    "Thế Việt Hải Duy Khắc Tấn Mạnh"
).split()
GIVEN = (
    "An Anh Bình Cường Chiến Dũng Dung Đạt Định Đông Giang Hà Hải Hạnh Hiền Hiếu Hòa Hùng Hưng Hương Khải Khánh Khoa "
    "Lan Lâm Liên Linh Long Lộc Lợi Mai Minh Nam Nga Nghĩa Ngọc Nhân Nhung Phong Phúc Phương Quân Quang Quyết Sơn Tài "
    "Tâm Tân Thái Thanh Thành Thảo Thắng Thịnh Thọ Thủy Tiến Toàn Trang Trí Trung Tuấn Tùng Tú Vân Việt Vinh Xuân Yến "
    "Cương Hậu Kiên Luận Mến Ninh Sang Thuận Triều Uyên Vượng Ánh Bảo Chính Diệp Đoan Giao Hoan Khiêm Lực Mỹ Nhàn"
).split()
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
         "XVII", "XVIII", "XIX", "XX", "XXI", "XXII"]
WEEKDAYS = ["Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "Chủ nhật"]
PARTS_OF_DAY = ["Sáng", "Chiều", "Sáng ngày", "Chiều ngày", "Ngày"]
HALLS = ["Hội trường Tỉnh ủy", "Trung tâm Hội nghị tỉnh", "hội trường UBND tỉnh", "Nhà khách Tỉnh ủy",
         "Hội trường Trung tâm Chính trị tỉnh", "Trung tâm Văn hóa - Nghệ thuật tỉnh"]
DEPARTMENTS = ["Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Nông nghiệp và Phát triển nông thôn",
               "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Công Thương", "Sở Giao thông vận tải",
               "Sở Tài nguyên và Môi trường", "Sở Nội vụ", "Sở Văn hóa, Thể thao và Du lịch",
               "Sở Thông tin và Truyền thông", "Sở Xây dựng", "Sở Tư pháp", "Sở Khoa học và Công nghệ",
               "Sở Lao động - Thương binh và Xã hội"]
COMMUNE_PARTS = (
    "Tân An Phú Bình Hòa Mỹ Long Thạnh Hưng Phước Thới Đông Tây Nam Bắc Trung Hiệp Lợi Thuận Xuân Vĩnh Hội Quảng Yên"
).split()

# Topics: (title phrase, key phrases, sentences of their own). "{k}" is a key phrase of
# the topic, "{d}" a district, "{c}" a commune, "{n}"/"{m}" numbers, "{p}" a percentage,
# "{y}" a year. Years restrict a topic to when it was news.
TOPICS = [
    ("chuyển đổi số", [
        "chuyển đổi số", "chính quyền số", "dịch vụ công trực tuyến toàn trình", "nền tảng số", "kinh tế số",
    ], [
        "Tỷ lệ hồ sơ xử lý qua dịch vụ công trực tuyến toàn trình đạt {p}%, {n} thủ tục được số hóa kết quả.",
        "Tỉnh đã đưa vào vận hành trung tâm giám sát, điều hành thông minh và {n} nền tảng số dùng chung.",
        "Kinh tế số ước chiếm {p}% GRDP; {m} hợp tác xã đưa sản phẩm lên sàn thương mại điện tử.",
    ], (2019, 2025)),
    ("xây dựng nông thôn mới", [
        "nông thôn mới", "xã nông thôn mới nâng cao", "tiêu chí nông thôn mới", "sản phẩm OCOP",
    ], [
        "Toàn tỉnh có {n} xã đạt chuẩn nông thôn mới, {m} xã đạt chuẩn nông thôn mới nâng cao.",
        "Huyện {d} phấn đấu hoàn thành tiêu chí nông thôn mới kiểu mẫu ở xã {c} trong năm {y}.",
        "Tỉnh có {n} sản phẩm OCOP đạt từ 3 sao trở lên, trong đó {m} sản phẩm đạt 4 sao.",
    ], (2011, 2025)),
    ("cải cách hành chính", ["cải cách hành chính", "chỉ số PAR INDEX", "thủ tục hành chính", "bộ phận một cửa"], [
        "Chỉ số PAR INDEX của tỉnh xếp thứ {n}/63, tăng {m} bậc so với năm trước.",
        "Bộ phận một cửa các cấp đã tiếp nhận {n} hồ sơ thủ tục hành chính, giải quyết đúng hạn {p}%.",
    ], (2012, 2025)),
    ("đầu tư công", ["giải ngân vốn đầu tư công", "dự án trọng điểm", "kế hoạch đầu tư công trung hạn"], [
        "Đến ngày {dm}, tỉnh giải ngân vốn đầu tư công được {p}% kế hoạch, cao hơn bình quân cả nước.",
        "Các chủ đầu tư cần đẩy nhanh tiến độ {n} dự án trọng điểm, nhất là các dự án qua huyện {d}.",
        "Kế hoạch đầu tư công trung hạn giai đoạn {y}-{y5} của tỉnh có tổng vốn {n} tỷ đồng.",
    ], (2014, 2025)),
    ("phát triển du lịch", ["du lịch", "lượt khách", "du lịch cộng đồng", "khu du lịch sinh thái"], [
        "Năm {y}, ngành du lịch đón {n} nghìn lượt khách, doanh thu đạt {m} tỷ đồng.",
        "Mô hình du lịch cộng đồng ở xã {c}, huyện {d} thu hút ngày càng đông du khách.",
        "Tỉnh kêu gọi đầu tư khu du lịch sinh thái gắn với bảo tồn cảnh quan và di tích lịch sử.",
    ], (2010, 2025)),
    ("giáo dục và đào tạo", [
        "giáo dục", "trường đạt chuẩn quốc gia", "kỳ thi tốt nghiệp trung học phổ thông", "đổi mới chương trình",
    ], [
        "Toàn tỉnh có {n} trường đạt chuẩn quốc gia, tỷ lệ đỗ tốt nghiệp trung học phổ thông đạt {p}%.",
        "Ngành giáo dục còn thiếu {m} giáo viên, nhất là giáo viên tiếng Anh và tin học ở huyện {d}.",
    ], (2010, 2025)),
    ("y tế và chăm sóc sức khỏe", ["y tế cơ sở", "bảo hiểm y tế", "trạm y tế", "tiêm chủng mở rộng"], [
        "Tỷ lệ người dân tham gia bảo hiểm y tế đạt {p}%, {n} trạm y tế xã có bác sĩ.",
        "Hệ thống y tế cơ sở được củng cố; trạm y tế xã {c} được đầu tư xây mới với kinh phí {m} tỷ đồng.",
    ], (2010, 2025)),
    ("phòng, chống dịch COVID-19", ["COVID-19", "vắc xin", "giãn cách xã hội", "khu cách ly"], [
        "Tỉnh đã tiêm {n} nghìn liều vắc xin phòng COVID-19, tỷ lệ bao phủ mũi 2 đạt {p}%.",
        "Thời gian giãn cách xã hội, tỉnh hỗ trợ {m} tỷ đồng cho người lao động gặp khó khăn.",
    ], (2020, 2022)),
    ("thu ngân sách", ["thu ngân sách", "thu nội địa", "chi ngân sách", "nợ đọng thuế"], [
        "Tổng thu ngân sách nhà nước trên địa bàn ước đạt {n} tỷ đồng, trong đó thu nội địa {m} tỷ đồng.",
        "Cơ quan thuế cần tập trung xử lý nợ đọng thuế, chống thất thu ở lĩnh vực đất đai và khoáng sản.",
    ], (2010, 2025)),
    ("xây dựng Đảng", ["xây dựng Đảng", "kết nạp đảng viên", "tổ chức cơ sở đảng", "chỉnh đốn Đảng"], [
        "Các cấp ủy đã kết nạp {n} đảng viên mới, {p}% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.",
        "Công tác xây dựng, chỉnh đốn Đảng được chú trọng; sinh hoạt chi bộ ở {d} có nhiều đổi mới.",
    ], (2010, 2025)),
    ("kiểm tra, giám sát", ["kiểm tra, giám sát", "Ủy ban Kiểm tra", "thi hành kỷ luật", "dấu hiệu vi phạm"], [
        "Ủy ban Kiểm tra các cấp đã kiểm tra {n} tổ chức đảng và {m} đảng viên khi có dấu hiệu vi phạm.",
        "Đã thi hành kỷ luật {m} đảng viên, trong đó có cán bộ diện Ban Thường vụ Tỉnh ủy quản lý.",
    ], (2010, 2025)),
    ("phòng, chống tham nhũng", ["phòng, chống tham nhũng", "tiêu cực", "thu hồi tài sản", "thất thoát"], [
        "Công tác phòng, chống tham nhũng, tiêu cực có chuyển biến; đã thu hồi {m} tỷ đồng tài sản thất thoát.",
        "Cơ quan điều tra đã khởi tố {n} vụ án tham nhũng, chức vụ với {m} bị can.",
    ], (2012, 2025)),
    ("quốc phòng, an ninh", ["quốc phòng, an ninh", "khu vực phòng thủ", "diễn tập", "trật tự an toàn xã hội"], [
        "Tỉnh tổ chức thành công diễn tập khu vực phòng thủ năm {y} ở huyện {d}.",
        "Tình hình an ninh chính trị, trật tự an toàn xã hội được giữ vững; tội phạm giảm {p}%.",
    ], (2010, 2025)),
    ("giảm nghèo bền vững", ["giảm nghèo bền vững", "hộ nghèo", "hộ cận nghèo", "nhà đại đoàn kết"], [
        "Tỷ lệ hộ nghèo giảm còn {p}%, đã xây dựng và bàn giao {n} căn nhà đại đoàn kết.",
        "Huyện {d} còn {m} hộ cận nghèo, cần giải pháp sinh kế phù hợp với từng địa bàn.",
    ], (2010, 2025)),
    ("phát triển thủy sản", ["nuôi trồng thủy sản", "khai thác hải sản", "tôm nước lợ", "cá tra"], [
        "Diện tích nuôi trồng thủy sản đạt {n} ha, sản lượng tôm nước lợ tăng {p}%.",
        "Vùng nuôi cá tra ở huyện {d} được cấp mã số, đáp ứng yêu cầu xuất khẩu.",
        "Tỉnh kiên quyết chống khai thác hải sản bất hợp pháp, không báo cáo và không theo quy định.",
    ], (2010, 2025)),
    ("sản xuất lúa", ["sản xuất lúa", "cánh đồng lớn", "cơ giới hóa", "lúa chất lượng cao"], [
        "Diện tích gieo trồng lúa đạt {n} ha, năng suất bình quân {pp} tạ/ha.",
        "Mô hình cánh đồng lớn gắn với tiêu thụ lúa chất lượng cao được nhân rộng ở xã {c}.",
    ], (2010, 2025)),
    ("cây ăn trái", ["cây ăn trái", "mã số vùng trồng", "sầu riêng", "xoài", "thanh long"], [
        "Diện tích cây ăn trái toàn tỉnh đạt {n} ha, {m} mã số vùng trồng đã được cấp.",
        "Giá sầu riêng, xoài tăng giúp nông dân huyện {d} có thu nhập khá.",
    ], (2010, 2025)),
    ("chăn nuôi", ["chăn nuôi", "dịch tả lợn châu Phi", "đàn gia súc", "chăn nuôi an toàn sinh học"], [
        "Tổng đàn gia súc đạt {n} nghìn con; dịch tả lợn châu Phi cơ bản được khống chế.",
        "Khuyến khích chăn nuôi an toàn sinh học, liên kết với doanh nghiệp tại huyện {d}.",
    ], (2010, 2025)),
    ("lâm nghiệp", ["trồng rừng", "độ che phủ rừng", "bảo vệ rừng", "cháy rừng"], [
        "Năm {y}, toàn tỉnh trồng mới {n} ha rừng, độ che phủ rừng đạt {p}%.",
        "Lực lượng kiểm lâm tăng cường tuần tra, phòng chống cháy rừng mùa khô ở huyện {d}.",
    ], (2010, 2025)),
    ("phát triển công nghiệp", ["khu công nghiệp", "cụm công nghiệp", "chỉ số sản xuất công nghiệp", "thu hút FDI"], [
        "Chỉ số sản xuất công nghiệp tăng {p}%; các khu công nghiệp thu hút thêm {n} dự án FDI.",
        "Tỉnh đề nghị bổ sung cụm công nghiệp {c} vào quy hoạch để đón làn sóng đầu tư mới.",
    ], (2010, 2025)),
    ("môi trường đầu tư kinh doanh", [
        "môi trường đầu tư kinh doanh", "chỉ số PCI", "doanh nghiệp thành lập mới", "doanh nghiệp nhỏ và vừa",
    ], [
        "Chỉ số PCI năm {y} của tỉnh đạt {pp} điểm; có {n} doanh nghiệp thành lập mới.",
        "Tỉnh tiếp tục hỗ trợ doanh nghiệp nhỏ và vừa tiếp cận vốn, mặt bằng sản xuất.",
    ], (2010, 2025)),
    ("hạ tầng giao thông", ["cao tốc", "hạ tầng giao thông", "giải phóng mặt bằng", "đường tỉnh"], [
        "Dự án cao tốc qua địa bàn tỉnh dài {n} km, công tác giải phóng mặt bằng đạt {p}%.",
        "Tuyến đường tỉnh {nn} nối huyện {d} được nâng cấp, rút ngắn thời gian đi lại.",
    ], (2010, 2025)),
    ("quy hoạch tỉnh", ["quy hoạch tỉnh", "tầm nhìn đến năm 2050", "quy hoạch phân khu", "không gian phát triển"], [
        "Quy hoạch tỉnh thời kỳ 2021-2030, tầm nhìn đến năm 2050 xác định {n} vùng động lực.",
        "Các đại biểu đề nghị công bố quy hoạch phân khu để người dân và nhà đầu tư biết, giám sát.",
    ], (2019, 2025)),
    ("phát triển đô thị", ["đô thị loại", "chỉnh trang đô thị", "tỷ lệ đô thị hóa", "nhà ở thương mại"], [
        "Tỷ lệ đô thị hóa đạt {p}%; thị xã {d} đang hoàn thiện tiêu chí đô thị loại III.",
        "Công tác chỉnh trang đô thị, phát triển nhà ở thương mại cần gắn với hạ tầng xã hội.",
    ], (2010, 2025)),
    ("bảo vệ môi trường", ["bảo vệ môi trường", "rác thải sinh hoạt", "nước sạch", "ô nhiễm"], [
        "Tỷ lệ thu gom, xử lý rác thải sinh hoạt ở đô thị đạt {p}%, {n} hộ dân được dùng nước sạch.",
        "Tình trạng ô nhiễm ở kênh {c} cần được xử lý dứt điểm trong năm {y}.",
    ], (2010, 2025)),
    ("ứng phó biến đổi khí hậu", ["biến đổi khí hậu", "sạt lở", "xâm nhập mặn", "hạn hán"], [
        "Mùa khô năm {y}, xâm nhập mặn ảnh hưởng {n} ha lúa và cây ăn trái.",
        "Tỉnh có {m} điểm sạt lở bờ sông, bờ biển, trong đó huyện {d} đặc biệt nguy hiểm.",
    ], (2010, 2025)),
    ("phòng, chống thiên tai", ["phòng, chống thiên tai", "bão", "lũ quét", "tìm kiếm cứu nạn"], [
        "Cơn bão số {nn} làm hư hỏng {n} căn nhà, thiệt hại ước {m} tỷ đồng.",
        "Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh sẵn sàng phương án bốn tại chỗ.",
    ], (2010, 2025)),
    ("văn hóa", ["đời sống văn hóa", "gia đình văn hóa", "lễ hội truyền thống", "di sản văn hóa phi vật thể"], [
        "Có {p}% hộ đạt danh hiệu gia đình văn hóa; lễ hội truyền thống được tổ chức trang trọng.",
        "Tỉnh lập hồ sơ đề nghị công nhận di sản văn hóa phi vật thể quốc gia cho nghề truyền thống ở {d}.",
    ], (2010, 2025)),
    ("thể dục thể thao", ["thể dục thể thao", "đại hội thể dục thể thao", "huy chương vàng"], [
        "Vận động viên của tỉnh giành {n} huy chương vàng tại các giải quốc gia.",
        "Đại hội thể dục thể thao các cấp được tổ chức ở {m} xã, phường, thị trấn.",
    ], (2010, 2025)),
    ("lao động, việc làm", ["giải quyết việc làm", "xuất khẩu lao động", "đào tạo nghề", "lao động qua đào tạo"], [
        "Năm {y}, tỉnh giải quyết việc làm cho {n} lao động, đưa {m} người đi làm việc ở nước ngoài.",
        "Tỷ lệ lao động qua đào tạo đạt {p}%, đào tạo nghề gắn với nhu cầu doanh nghiệp.",
    ], (2010, 2025)),
    ("công tác dân tộc, tôn giáo", [
        "đồng bào dân tộc thiểu số", "công tác dân tộc", "tín ngưỡng, tôn giáo", "người có uy tín",
    ], [
        "Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số giải ngân được {p}% vốn.",
        "Tỉnh phát huy vai trò của {n} người có uy tín trong đồng bào dân tộc thiểu số.",
    ], (2010, 2025)),
    ("công tác dân vận", ["công tác dân vận", "dân vận khéo", "quy chế dân chủ ở cơ sở"], [
        "Phong trào thi đua dân vận khéo có {n} mô hình được công nhận.",
        "Việc thực hiện quy chế dân chủ ở cơ sở ở xã {c} được đánh giá cao.",
    ], (2010, 2025)),
    ("Mặt trận và các đoàn thể", ["Mặt trận Tổ quốc", "Hội Nông dân", "Đoàn Thanh niên", "Hội Liên hiệp Phụ nữ"], [
        "Mặt trận Tổ quốc và các đoàn thể vận động được {m} tỷ đồng cho Quỹ Vì người nghèo.",
        "Hội Nông dân, Đoàn Thanh niên, Hội Liên hiệp Phụ nữ phát triển thêm {n} hội viên.",
    ], (2010, 2025)),
    ("quản lý đất đai", ["quản lý đất đai", "quyền sử dụng đất", "bồi thường, tái định cư", "khu tái định cư"], [
        "Đã cấp {n} giấy chứng nhận quyền sử dụng đất; còn {m} hồ sơ tồn đọng.",
        "Khu tái định cư ở huyện {d} chậm tiến độ, ảnh hưởng bồi thường, tái định cư của dự án.",
    ], (2010, 2025)),
    ("khoa học và công nghệ", ["khoa học và công nghệ", "đổi mới sáng tạo", "khởi nghiệp", "sở hữu trí tuệ"], [
        "Tỉnh nghiệm thu {n} đề tài khoa học và công nghệ, {m} sản phẩm được bảo hộ sở hữu trí tuệ.",
        "Hệ sinh thái khởi nghiệp đổi mới sáng tạo có {n} dự án được hỗ trợ.",
    ], (2010, 2025)),
    ("thương mại, xuất khẩu", ["kim ngạch xuất khẩu", "tổng mức bán lẻ", "xúc tiến thương mại", "thương mại điện tử"], [
        "Kim ngạch xuất khẩu đạt {n} triệu USD, tổng mức bán lẻ hàng hóa tăng {p}%.",
        "Hoạt động xúc tiến thương mại giúp {m} doanh nghiệp tìm được thị trường mới.",
    ], (2010, 2025)),
    ("năng lượng", ["điện gió", "điện mặt trời", "năng lượng tái tạo", "lưới điện"], [
        "Tỉnh có {n} dự án điện gió, điện mặt trời với tổng công suất {m} MW.",
        "Cần đầu tư lưới điện truyền tải để giải tỏa công suất năng lượng tái tạo.",
    ], (2016, 2025)),
    ("biển, đảo và biên giới", ["chủ quyền biển, đảo", "biên giới", "cột mốc", "ngư dân bám biển"], [
        "Tỉnh hỗ trợ {n} tàu cá để ngư dân bám biển, góp phần bảo vệ chủ quyền biển, đảo.",
        "Lực lượng biên phòng phối hợp tuần tra, bảo vệ {m} cột mốc trên tuyến biên giới.",
    ], (2010, 2025)),
    ("công tác cán bộ", ["công tác cán bộ", "quy hoạch cán bộ", "luân chuyển cán bộ", "tinh giản biên chế"], [
        "Ban Thường vụ Tỉnh ủy đã điều động, luân chuyển {n} cán bộ; tinh giản biên chế {p}%.",
        "Quy hoạch cán bộ nhiệm kỳ {y}-{y5} cần bảo đảm tỷ lệ cán bộ trẻ, nữ, dân tộc thiểu số.",
    ], (2010, 2025)),
    ("sắp xếp đơn vị hành chính", [
        "sắp xếp đơn vị hành chính", "sáp nhập", "cán bộ dôi dư", "chính quyền địa phương hai cấp",
    ], [
        "Tỉnh sắp xếp {n} đơn vị hành chính cấp xã, bố trí {m} cán bộ dôi dư.",
        "Chính quyền địa phương hai cấp vận hành ổn định, người dân được phục vụ thuận lợi.",
    ], (2019, 2025)),
    ("an sinh xã hội", ["an sinh xã hội", "người có công", "bảo trợ xã hội", "nhà ở xã hội"], [
        "Tỉnh chi {m} tỷ đồng chăm lo người có công, đối tượng bảo trợ xã hội dịp Tết.",
        "Dự án nhà ở xã hội {n} căn ở thành phố được khởi công.",
    ], (2010, 2025)),
    ("thủy lợi", ["thủy lợi", "kênh mương", "hồ chứa", "đê điều"], [
        "Tỉnh kiên cố hóa {n} km kênh mương, nâng cấp {m} hồ chứa nước.",
        "Hệ thống đê điều ở huyện {d} cần được gia cố trước mùa mưa lũ.",
    ], (2010, 2025)),
    ("tiếp công dân", ["tiếp công dân", "khiếu nại, tố cáo", "cải cách tư pháp"], [
        "Các cơ quan đã tiếp {n} lượt công dân, giải quyết {p}% đơn khiếu nại, tố cáo thuộc thẩm quyền.",
        "Cải cách tư pháp gắn với nâng cao chất lượng xét xử, hạn chế án bị hủy, sửa.",
    ], (2010, 2025)),
    ("học tập và làm theo Bác", [
        "học tập và làm theo tư tưởng, đạo đức, phong cách", "Chỉ thị 05", "gương điển hình",
    ], [
        "Việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh theo Chỉ thị 05 có {n} gương điển hình.",
    ], (2016, 2025)),
]

# Sentences any report may carry; each article takes a few, so none is everywhere.
COMMON = [
    "Qua đó, có {n} lượt ý kiến đóng góp; hầu hết thể hiện sự đồng tình cao với các dự thảo văn bản.",
    "Bên cạnh kết quả đạt được, vẫn còn những hạn chế cần sớm khắc phục.",
    "Một số chỉ tiêu đạt thấp, tiến độ một số công trình còn chậm.",
    "Công tác phối hợp giữa các sở, ngành và địa phương có lúc chưa chặt chẽ.",
    "Các đại biểu tập trung thảo luận, làm rõ nguyên nhân của hạn chế và đề xuất giải pháp.",
    "Tổng sản phẩm trên địa bàn (GRDP) tăng {pp}%, thu nhập bình quân đầu người đạt {n} triệu đồng.",
    "Hội nghị đã biểu quyết thông qua các nội dung với tỷ lệ đồng thuận cao.",
    "Nhiều mô hình hay, cách làm sáng tạo được nhân rộng.",
    "Tình hình chính trị ổn định, đời sống nhân dân từng bước được nâng lên.",
    "Các địa phương cần bám sát kế hoạch, chủ động tháo gỡ khó khăn, vướng mắc.",
    "Người đứng đầu cấp ủy, chính quyền phải chịu trách nhiệm về kết quả thực hiện.",
    "Có {m} ý kiến phát biểu tại tổ và {n} ý kiến phát biểu tại hội trường.",
    "Công tác thông tin, tuyên truyền được đẩy mạnh, tạo đồng thuận trong xã hội.",
    "Việc phân cấp, phân quyền cần đi đôi với kiểm soát quyền lực.",
    "Từ nay đến cuối năm còn nhiều việc phải làm, đòi hỏi sự vào cuộc quyết liệt của cả hệ thống chính trị.",
    "Đây là kết quả của sự đoàn kết, nỗ lực của Đảng bộ, chính quyền và nhân dân trong tỉnh.",
    "Dự báo thời gian tới, tình hình còn nhiều khó khăn, thách thức đan xen thuận lợi.",
    "Cần nâng cao chất lượng tham mưu của các cơ quan chuyên môn.",
    "Hội nghị cũng xem xét báo cáo tình hình thực hiện nhiệm vụ quý {q} năm {y}.",
    "Mục tiêu đến năm {y5}, tỉnh trở thành tỉnh phát triển khá của khu vực.",
]

# How a paragraph turns to a topic: "{key}" is one of the topic's key phrases.
KEY_FRAMES = [
    "Về {key}, hội nghị đánh giá đây là nhiệm vụ trọng tâm của năm {y}.",
    "Thảo luận về {key}, nhiều ý kiến đề nghị làm rõ trách nhiệm của từng cơ quan.",
    "Đối với {key}, báo cáo nêu rõ kết quả và những tồn tại, hạn chế.",
    "Liên quan đến {key}, các đại biểu thống nhất cần có giải pháp căn cơ, lâu dài.",
    "Năm {y}, {key} đạt nhiều kết quả tích cực, vượt kế hoạch đề ra.",
    "Một số đại biểu cho rằng {key} còn chậm, chưa tương xứng với tiềm năng.",
    "Tỉnh xác định {key} là một trong những khâu đột phá của nhiệm kỳ.",
    "Kết quả {key} chưa đồng đều giữa các địa phương.",
    "Nhiều ý kiến đề nghị bố trí thêm nguồn lực cho {key}.",
    "Các cấp ủy cần tăng cường lãnh đạo, chỉ đạo {key}, có kiểm tra, đôn đốc thường xuyên.",
    "Báo cáo cho thấy {key} có bước chuyển biến rõ nét so với năm trước.",
    "Về {key}, cần sơ kết, rút kinh nghiệm để nhân rộng cách làm hiệu quả.",
]

MEETINGS = [
    ("bch", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ {k} (khóa {term})"),
    ("bch", "Hội nghị lần thứ {k} Ban Chấp hành Đảng bộ tỉnh khóa {term}"),
    ("btv", "Hội nghị Ban Thường vụ Tỉnh ủy"),
    ("hdnd", "Kỳ họp thứ {k} Hội đồng nhân dân tỉnh khóa {hterm}"),
    ("hdnd", "Kỳ họp thứ {k}, HĐND tỉnh khóa {hterm}"),
    ("soket", "Hội nghị sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ {term}"),
    ("tongket", "Hội nghị tổng kết công tác năm {y}"),
]

OFFICES = [
    ("Bí thư Tỉnh ủy", 1), ("Phó Bí thư Thường trực Tỉnh ủy", 1), ("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", 1),
    ("Chủ tịch HĐND tỉnh", 1), ("Phó Chủ tịch UBND tỉnh", 3), ("Phó Chủ tịch HĐND tỉnh", 2),
    ("Trưởng Ban Tuyên giáo Tỉnh ủy", 1), ("Trưởng Ban Tổ chức Tỉnh ủy", 1), ("Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", 1),
    ("Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", 1), ("Giám đốc Sở", 4), ("Bí thư Huyện ủy", 3),
]


def _provinces():
    return [p for p in gazetteer.PROVINCES if p.historical]


def _paper_of(province):
    return next((n for n in gazetteer.NEWSPAPERS if n.province == province.name), None)


def _name(rng):
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def term_of(year):
    """Index of the Party term (0: 2010–2015, 1: 2015–2020, 2: 2020–2025) a year falls in."""
    return 0 if year < 2015 else 1 if year < 2020 else 2


def roster(seed, province, term):
    """[(name, position)] of the office holders of a province in a term, always the same."""
    rng = random.Random(f"{seed}|roster|{province.name}|{term}")
    people, used = [], set()
    depts = rng.sample(DEPARTMENTS, 4)
    districts = list(province.districts) or [province.name]
    for office, count in OFFICES:
        for j in range(count):
            name = _name(rng)
            while name in used:
                name = _name(rng)
            used.add(name)
            if office == "Giám đốc Sở":
                title = "Giám đốc " + depts[j]
            elif office == "Bí thư Huyện ủy":
                title = f"Tỉnh ủy viên, Bí thư Huyện ủy {districts[j % len(districts)]}"
            else:
                title = office
            people.append((name, title))
    return people


@dataclass
class Article:
    index: int
    file_name: str
    text: str
    province: str
    year: int
    topics: list


def _fill(template, rng, province, year):
    districts = province.districts or (province.name,)
    values = {
        "n": rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 99999)]),
        "m": rng.randint(2, 450), "p": f"{rng.randint(10, 99)},{rng.randint(0, 9)}",
        "pp": f"{rng.randint(3, 70)},{rng.randint(1, 99)}", "nn": rng.randint(1, 12),
        "d": rng.choice(districts), "c": f"{rng.choice(COMMUNE_PARTS)} {rng.choice(COMMUNE_PARTS)}",
        "y": year, "y5": year + 5, "q": rng.choice(["I", "II", "III", "IV"]),
        "dm": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}",
    }
    values["k"] = rng.choice(COMMUNE_PARTS)
    return template.format(**{k: v for k, v in values.items()}) if "{" in template else template


def _documents(rng, year, province):
    """(text, code) of documents a report may cite: national ones and the province's own."""
    national = [
        ("Nghị quyết số {n}-NQ/TW", [18, 19, 21, 23, 26, 27, 28, 29, 36, 39, 41, 43, 45, 57, 66, 68]),
        ("Kết luận số {n}-KL/TW", [14, 21, 50, 76, 83, 91, 123, 127]),
        ("Chỉ thị số {n}-CT/TW", [5, 8, 12, 24, 35, 39]),
        ("Nghị quyết số {n}/NQ-CP", [11, 84, 105, 128]),
    ]
    local = [
        ("Nghị quyết số {n}-NQ/TU", "Tỉnh ủy"), ("Chỉ thị số {n}-CT/TU", "Tỉnh ủy"),
        ("Kế hoạch số {n}/KH-UBND", "UBND tỉnh"), ("Quyết định số {n}/QĐ-UBND", "UBND tỉnh"),
        ("Nghị quyết số {n}/NQ-HĐND", "HĐND tỉnh"),
    ]
    out = []
    for _ in range(rng.randint(0, 3)):
        if rng.random() < 0.5:
            pattern, numbers = rng.choice(national)
            text = pattern.format(n=rng.choice(numbers))
        else:
            pattern, issuer = rng.choice(local)
            text = (pattern.format(n=rng.randint(1, 2999))
                    + f" ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{year} của {issuer}")
        out.append(text)
    return out


def article(i, seed=1):
    """Article number i of the corpus with this seed: the same text every time."""
    rng = random.Random(seed * 1_000_003 + i)
    province = rng.choice(_provinces())
    paper = _paper_of(province)
    start = dt.date(2010, 1, 1).toordinal()
    date = dt.date.fromordinal(rng.randint(start, dt.date(2025, 12, 31).toordinal()))
    year, term = date.year, term_of(date.year)
    people = roster(seed, province, term)
    chair, chair_title = people[0]
    deputy, deputy_title = people[1]
    governor, governor_title = people[2]
    base_term = 14 + sum(map(ord, province.name)) % 6
    kind, meeting = rng.choice(MEETINGS)
    meeting = meeting.format(k=rng.randint(2, 25), term=ROMAN[base_term + term],
                             hterm=ROMAN[8 + term + (year >= 2021)], y=year - 1)
    topic_pool = [t for t in TOPICS if t[3][0] <= year <= t[3][1]]
    topics = rng.sample(topic_pool, rng.choice([2, 2, 3, 3, 4]))
    title_topic = topics[0]
    titles = [
        f"Hội nghị Ban Chấp hành Đảng bộ tỉnh cho ý kiến về {title_topic[0]}",
        f"Tập trung lãnh đạo {title_topic[0]} năm {year}",
        f"{province.name}: Đẩy mạnh {title_topic[0]}, hoàn thành mục tiêu năm {year}",
        f"Ban Thường vụ Tỉnh ủy nghe báo cáo về {title_topic[0]}",
        f"Kỳ họp HĐND tỉnh thảo luận về {title_topic[0]}",
        f"Nâng cao hiệu quả {title_topic[0]} trong giai đoạn mới",
        f"Sơ kết {title_topic[0]}: còn nhiều việc phải làm",
    ]
    title = rng.choice(titles)
    daypart = rng.choice(PARTS_OF_DAY)
    marker = paper.markers[0] if paper and paper.markers and rng.random() < 0.7 else None
    lead = (f"{daypart} {date.day}/{date.month}, tại {rng.choice(HALLS)}, {meeting} đã khai mạc"
            f" để {rng.choice(['thảo luận', 'cho ý kiến', 'đánh giá'])} {title_topic[0]}"
            f" và một số nội dung quan trọng khác.")
    if marker:
        lead = f"{marker} - {lead}"
    paragraphs = [lead]
    paragraphs.append(
        f"Đồng chí {chair}, {chair_title} chủ trì hội nghị. Cùng dự có đồng chí {deputy} - {deputy_title}; "
        f"đồng chí {governor}, {governor_title}."
    )
    captions = [rng.choice(["Quang cảnh hội nghị", "Toàn cảnh kỳ họp", "Các đại biểu dự hội nghị"])]
    documents = _documents(rng, year, province)
    target = rng.randint(2700, 11200)  # the page furniture adds the rest
    body_bytes = sum(len(p.encode()) for p in paragraphs)
    speakers = people[3:]
    rng.shuffle(speakers)
    t = 0
    while body_bytes < target:
        topic = topics[t % len(topics)]
        t += 1
        own = topic[2]
        sentences = [_fill(x, rng, province, year) for x in rng.sample(own, rng.randint(1, min(2, len(own))))]
        key = rng.choice(topic[1])
        sentences.insert(0, rng.choice(KEY_FRAMES).format(key=key, y=year))
        if rng.random() < 0.3:
            sentences.append(rng.choice(KEY_FRAMES).format(key=rng.choice(topic[1]), y=year))
        for _ in range(rng.choice([0, 1, 1, 2])):
            sentences.append(_fill(rng.choice(COMMON), rng, province, year))
        if documents and rng.random() < 0.4:
            sentences.append(f"Việc triển khai {rng.choice(documents)} về {key} bước đầu có kết quả.")
        paragraph = " ".join(sentences)
        if speakers and rng.random() < 0.35:
            name, position = speakers.pop()
            paragraph = (f"Phát biểu tại hội nghị, đồng chí {name} - {position} cho biết: "
                         f"{paragraph[0].lower()}{paragraph[1:]}")
            if rng.random() < 0.5:
                captions.append(f"Đồng chí {name}, {position} phát biểu tại hội nghị.")
        paragraphs.append(paragraph)
        if rng.random() < 0.25:
            paragraphs.append(captions[-1])
        body_bytes += len(paragraph.encode())
    paragraphs.append(
        f"Kết luận hội nghị, đồng chí {chair}, {chair_title} yêu cầu các cấp ủy, chính quyền tập trung thực hiện"
        f" {title_topic[0]}, {topics[1][0]}, quyết tâm hoàn thành thắng lợi nhiệm vụ năm {year}."
    )
    author = rng.choice([f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}", f"{rng.choice(GIVEN)} {rng.choice(GIVEN)}"])
    photo = f"{rng.choice(GIVEN)} {rng.choice(GIVEN)}"
    text = _layout(rng.randrange(5), rng, title, date, paragraphs, author, photo, paper, province)
    digest = hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()[:16]
    return Article(i, f"{i:06d}_{digest}.txt", text, province.name, year, [t[0] for t in topics])


def _layout(kind, rng, title, date, paragraphs, author, photo, paper, province):
    hh, mm, ss = rng.randint(6, 22), rng.randint(0, 59), rng.randint(0, 59)
    body = "\n\n".join(paragraphs)
    domain = paper.domains[0] if paper and paper.domains else "baotinh.vn"
    weekday = WEEKDAYS[date.weekday()]
    if kind == 0:  # a date line with the time, a video link, "< Trở về trang trước"
        return (f"{title}\n\nCập nhật ngày: {date:%d/%m/%Y} {hh:02d}:{mm:02d}:{ss:02d}\n\n"
                f"http://{domain}/database/video/{date:%Y%m%d}{hh:02d}{mm:02d}.mp4\n\n \n\n{body}\n\n{author}\n\n"
                "< Trở về trang trước\nGửi bình luận của bạn\n")
    if kind == 1:  # "27/05/2023 - 18:21" under the headline
        return f"{title}\n\n{date:%d/%m/%Y} - {hh:02d}:{mm:02d}\n\n{body}\n\n{author}\n"
    if kind == 2:  # a category, "[ Cập nhật vào ngày (…) ] - [ Số lần xem: … ]", comments, ads
        category = rng.choice(["Tin kinh tế", "Tin chính trị", "Xây dựng Đảng", "Thời sự"])
        return (f"{category}\n{title}\n\n[ Cập nhật vào ngày ({date:%d/%m/%Y}) ]"
                f" - [ Số lần xem: {rng.randint(50, 9000)} ]\n\n"
                f"{body}\n{author}Các ý kiến của bạn đọc\n \n\n \n\n\nQuảng cáo\nKhông có quảng cáo\n")
    if kind == 3:  # the page's own date on top, view count, photo credit, related news
        today = date + dt.timedelta(days=rng.randint(0, 400))
        return (f"{WEEKDAYS[today.weekday()]}, {today:%d/%m/%Y}, 05:20[GMT+7]\n\n{title}\n\n"
                f"{weekday}, {date:%d/%m/%Y} | {hh:02d}:{mm:02d}:{ss:02d}\n{rng.randint(1000, 99999):,} lượt xem\n"
                f"{body}\n\n {author}\n\nẢnh: {photo}\n\nTin cùng chuyên mục\n\nXem tin theo ngày\n")
    # a portal page: "Xuất bản thông tin", the headline twice, "Ngày dd/mm/yyyy, …" in the lead
    lead, rest = paragraphs[0], "\n\n".join(paragraphs[1:])
    lead = f"Ngày {date:%d/%m/%Y}, " + lead.split(", ", 1)[-1]
    return (f"Xuất bản thông tin\n\nnull {province.name}: {title}\n\nChi tiết bài viết Tin tức\n\n"
            f"{province.name}: {title}\n\n{lead}\n\n{rest}\n\n{author}\n")


def write(directory, start, count, seed=1, per_dir=1000):
    """Write articles start … start+count-1 under directory (1,000 per subdirectory); return their paths."""
    paths = []
    for i in range(start, start + count):
        art = article(i, seed)
        sub = os.path.join(directory, f"{i // per_dir:04d}")
        os.makedirs(sub, exist_ok=True)
        path = os.path.join(sub, art.file_name)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(art.text)
        paths.append(path)
    return paths
