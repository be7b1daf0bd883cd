// corpus_scale: a deterministic archive of N units for the benchmarks, written as our JSONL input
// format. Real sentences come from the text of ../shared/corpus (a simple text pass over its
// Markdown, text, HTML and XML files: markup stripped, split into sentences, deduplicated);
// they are re-sampled into new paragraphs, bullets and comments of synthetic posts. Speakers and
// organisations follow a Zipf law; dates spread over 15 years. Same inputs + seed ⇒ same bytes.
//
// Usage: corpus_scale --corpus DIR --units N --out DIR [--seed S] [--units-per-file N]
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

namespace fs = std::filesystem;

// splitmix64: tiny, fast and the same on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
  int between(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1)));
  }

 private:
  std::uint64_t state_;
};

// Zipf(s) over ranks 0..n-1 by inverse CDF.
class Zipf {
 public:
  Zipf(std::size_t n, double s) : cdf_(n) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i)
      cdf_[i] = (sum += 1.0 / std::pow(static_cast<double>(i + 1), s));
    for (double& c : cdf_) c /= sum;
  }
  std::size_t draw(Rng& rng) const {
    auto it = std::lower_bound(cdf_.begin(), cdf_.end(), rng.unit());
    return std::min<std::size_t>(static_cast<std::size_t>(it - cdf_.begin()), cdf_.size() - 1);
  }

 private:
  std::vector<double> cdf_;
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Markup out, text in: drops tags, front matter, code fences, tables, link targets and entities.
std::string plain_text(const std::string& raw) {
  std::string out;
  out.reserve(raw.size());
  std::istringstream lines(raw);
  std::string line;
  bool in_front_matter = false, in_fence = false;
  int line_no = 0;
  while (std::getline(lines, line)) {
    ++line_no;
    if (line == "---" && (line_no == 1 || in_front_matter)) {
      in_front_matter = !in_front_matter;
      continue;
    }
    if (in_front_matter) continue;
    if (line.rfind("```", 0) == 0) {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence || line.empty() || line[0] == '|' || line[0] == '#' ||
        line.rfind("    ", 0) == 0) {
      out += '\n';
      continue;
    }
    out += line;
    out += '\n';
  }
  std::string text;
  text.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (c == '<') {  // a tag: skip to its end
      std::size_t end = out.find('>', i);
      if (end == std::string::npos) break;
      i = end;
      text += ' ';
    } else if (c == '&') {  // an entity: drop it
      std::size_t end = out.find(';', i);
      if (end != std::string::npos && end - i < 10) i = end;
      text += ' ';
    } else if (c == ']' && i + 1 < out.size() && out[i + 1] == '(') {  // [text](target)
      std::size_t end = out.find(')', i);
      if (end == std::string::npos) break;
      i = end;
    } else if (c == '[' || c == '*' || c == '`' || c == '_' || c == '\r' || c == '\t') {
      text += c == '\t' ? ' ' : (c == '_' || c == '*' || c == '[' || c == '`' ? '\0' : ' ');
      if (text.back() == '\0') text.pop_back();
    } else {
      text += c;
    }
  }
  return text;
}

bool is_valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80         ? 1
                          : (c >> 5) == 6  ? 2
                          : (c >> 4) == 14 ? 3
                          : (c >> 3) == 30 ? 4
                                           : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

// The first `max` bytes of s, cut back to a UTF-8 character boundary.
std::string prefix_utf8(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  while (max > 0 && (static_cast<unsigned char>(s[max]) & 0xC0) == 0x80) --max;
  return s.substr(0, max);
}

// A sentence worth keeping: 6–45 words, mostly letters, no leftovers of markup or URLs.
bool is_good_sentence(const std::string& s) {
  std::size_t words = 1, letters = 0;
  for (char c : s) {
    if (c == ' ') ++words;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ++letters;
    if (c == '{' || c == '}' || c == '|' || c == '=' || c == '\\' || c == '"') return false;
  }
  if (words < 6 || words > 45) return false;
  if (letters * 10 < s.size() * 7) return false;
  if (s.find("http") != std::string::npos || s.find("www.") != std::string::npos) return false;
  return s[0] >= 'A' && s[0] <= 'Z' && is_valid_utf8(s);
}

void split_sentences(const std::string& text, std::unordered_set<std::string>& seen,
                     std::vector<std::string>& out) {
  std::string current;
  auto flush = [&]() {
    // Collapse whitespace.
    std::string s;
    for (char c : current) {
      if (c == ' ' || c == '\n') {
        if (!s.empty() && s.back() != ' ') s += ' ';
      } else {
        s += c;
      }
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    current.clear();
    if (is_good_sentence(s) && seen.insert(s).second) out.push_back(std::move(s));
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' && i + 1 < text.size() && text[i + 1] == '\n') {  // paragraph break
      flush();
      continue;
    }
    current += c;
    if ((c == '.' || c == '?' || c == '!') && i + 2 < text.size() && text[i + 1] == ' ' &&
        text[i + 2] >= 'A' && text[i + 2] <= 'Z') {
      flush();
    }
  }
  flush();
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

const char* const kFirstNames[] = {
    "Sarah",   "James",   "Amina",  "David",  "Priya",   "Tom",    "Helen",  "Kwame",
    "Laura",   "Owen",    "Fatima", "Gareth", "Mei",     "Rachel", "Samuel", "Joanna",
    "Ravi",    "Claire",  "Ahmed",  "Nia",    "Patrick", "Ingrid", "Lucy",   "Marcus",
    "Eleanor", "Tariq",   "Rosa",   "Daniel", "Siobhan", "Victor", "Hannah", "Yusuf",
    "Grace",   "Michael", "Anika",  "Colin",  "Bethan",  "Jorge",  "Martha", "Oliver"};
const char* const kLastNames[] = {
    "Longlands", "Okafor",   "Hughes",    "Patel",      "Nakamura", "Fraser",   "Mensah",
    "Kowalski",  "Byrne",    "Achebe",    "Lindqvist",  "Moreno",   "Davies",   "Haddad",
    "Chen",      "O'Neill",  "Rahman",    "Whitfield",  "Adeyemi",  "Carvalho", "Pritchard",
    "Novak",     "Sinclair", "Bose",      "McAllister", "Ferreira", "Holloway", "Iqbal",
    "Stewart",   "Volkov",   "Gallagher", "Osei",       "Thornton", "Mistry",   "Reyes",
    "Ashworth",  "Dunmore",  "Kaur",      "Ellison",    "Brennan"};
const char* const kPlaces[] = {"Leeds",   "Bristol",   "Manchester", "Cardiff", "Glasgow",
                               "Belfast", "Sheffield", "Norwich",    "Oakland", "Denver",
                               "Boston",  "Austin",    "Portland",   "Camden",  "Hackney",
                               "Preston", "Newcastle", "Plymouth",   "Dundee",  "Swansea",
                               "Seattle", "Baltimore", "Tulsa",      "Durham"};
const char* const kOrgTypes[] = {"City Council",        "Community Trust",     "Public Library",
                                 "Housing Association", "Civic Lab",           "Digital Service",
                                 "Chamber of Commerce", "Voluntary Action",    "University",
                                 "Health Board",        "Open Data Institute", "Citizens Advice",
                                 "Youth Forum",         "Transport Authority"};
const char* const kEvents[] = {"Big Society Conference",
                               "UKGovCamp",
                               "SRCCON",
                               "Open Data Day",
                               "Local Economies Summit",
                               "Civic Tech Fest",
                               "Code for America Summit",
                               "Library Futures Camp"};

}  // namespace

int main(int argc, char** argv) {
  std::string corpus, out_dir;
  std::size_t units = 10000, per_file = 20000;
  std::uint64_t seed = 6;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--corpus")
      corpus = argv[i + 1];
    else if (flag == "--out")
      out_dir = argv[i + 1];
    else if (flag == "--units")
      units = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--seed")
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--units-per-file")
      per_file = std::strtoull(argv[i + 1], nullptr, 10);
    else {
      std::cerr << "corpus_scale: unknown option " << flag << "\n";
      return 2;
    }
  }
  if (corpus.empty() || out_dir.empty() || units == 0 || per_file == 0) {
    std::cerr
        << "usage: corpus_scale --corpus DIR --units N --out DIR [--seed S] [--units-per-file N]\n";
    return 2;
  }

  // 1. Real sentences, in a fixed order (sorted paths).
  std::vector<fs::path> files;
  try {
    for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() &&
          (ext == ".md" || ext == ".txt" || ext == ".html" || ext == ".htm" || ext == ".xml")) {
        files.push_back(entry.path());
      }
    }
  } catch (const fs::filesystem_error& e) {
    std::cerr << "corpus_scale: " << e.what() << "\n";
    return 2;
  }
  std::sort(files.begin(), files.end());
  std::unordered_set<std::string> seen;
  std::vector<std::string> sentences;
  for (const auto& file : files) split_sentences(plain_text(read_all(file)), seen, sentences);
  if (sentences.size() < 100) {
    std::cerr << "corpus_scale: only " << sentences.size() << " sentences in " << corpus << "\n";
    return 2;
  }

  // 2. People and organisations: Zipf-ranked, each speaker with a home organisation.
  Rng rng(seed);
  std::vector<std::string> orgs;
  for (const char* place : kPlaces)
    for (const char* type : kOrgTypes) orgs.push_back(std::string(place) + " " + type);
  for (std::size_t i = orgs.size(); i > 1; --i) std::swap(orgs[i - 1], orgs[rng.below(i)]);
  std::vector<std::string> speakers;
  for (const char* first : kFirstNames)
    for (const char* last : kLastNames) speakers.push_back(std::string(first) + " " + last);
  for (std::size_t i = speakers.size(); i > 1; --i)
    std::swap(speakers[i - 1], speakers[rng.below(i)]);
  const Zipf org_zipf(orgs.size(), 1.0), speaker_zipf(speakers.size(), 1.0);
  std::vector<std::size_t> home_org(speakers.size());
  for (auto& org : home_org) org = org_zipf.draw(rng);
  const Zipf sentence_zipf(sentences.size(), 0.3);  // some sentences recur, as quotes do

  auto sentence = [&]() -> const std::string& { return sentences[sentence_zipf.draw(rng)]; };
  auto sentences_joined = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      if (i) s += ' ';
      s += sentence();
    }
    return s;
  };

  // 3. Posts: a title, talks (heading, paragraphs, bullets, quotes, captions), then comments.
  try {
    fs::create_directories(out_dir);
  } catch (const fs::filesystem_error& e) {
    std::cerr << "corpus_scale: " << e.what() << "\n";
    return 2;
  }
  std::size_t written = 0, file_no = 0, in_file = 0, posts = 0, text_bytes = 0;
  std::ofstream out;
  auto open_next = [&]() {
    char name[32];
    std::snprintf(name, sizeof name, "part-%05zu.jsonl", file_no++);
    out.close();
    out.open(fs::path(out_dir) / name, std::ios::binary | std::ios::trunc);
    in_file = 0;
  };
  open_next();
  while (written < units) {
    if (in_file >= per_file) open_next();
    ++posts;
    const int day_number = static_cast<int>(rng.below(15 * 365));  // 2010-01-01 + days
    const int year = 2010 + day_number / 365, month = 1 + (day_number % 365) / 31 % 12,
              day = 1 + day_number % 28;
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
    const std::string post_key = "bench-" + std::to_string(posts);
    std::string title = sentence();
    if (title.size() > 80) title = title.substr(0, title.rfind(' ', 80));  // at a space: UTF-8 safe
    const std::string event = rng.below(3) == 0 ? kEvents[rng.below(std::size(kEvents))] : "";
    const std::string url = "https://blog.example.org/" + std::string(date, 7) + "/" + post_key;
    auto emit = [&](const char* kind, const std::string& text, const std::string& speaker,
                    const std::string& org) {
      std::string line = "{\"post\":" + json_string(post_key) + ",\"title\":" + json_string(title) +
                         ",\"date\":\"" + date + "\",\"url\":" + json_string(url) + ",\"kind\":\"" +
                         kind + "\",\"text\":" + json_string(text);
      if (!event.empty()) line += ",\"event\":" + json_string(event);
      if (!speaker.empty()) line += ",\"speaker\":" + json_string(speaker);
      if (!org.empty()) line += ",\"org\":" + json_string(org);
      line += "}\n";
      out << line;
      text_bytes += text.size();
      ++written;
      ++in_file;
    };
    emit("title", title, "", "");
    const int talks = rng.between(1, 4);
    for (int t = 0; t < talks && written < units; ++t) {
      const std::size_t who = speaker_zipf.draw(rng);
      const std::string& speaker = speakers[who];
      const std::string& org = orgs[home_org[who]];
      emit("heading", speaker + ", " + org, "", "");
      const int n = rng.between(3, 14);
      for (int u = 0; u < n && written < units; ++u) {
        const std::size_t roll = rng.below(100);
        // Within a talk: 55% paragraphs, 30% bullets, 8% quotes, 7% captions; most carry the
        // speaker, some are the blogger's own narration.
        const bool is_theirs = rng.below(10) < 8;
        const std::string& s = is_theirs ? speaker : std::string();
        const std::string& o = is_theirs ? org : std::string();
        if (roll < 55)
          emit("paragraph", sentences_joined(rng.between(1, 4)), s, o);
        else if (roll < 85)
          emit("bullet", sentence(), s, o);
        else if (roll < 93)
          emit("quote", sentence(), s, o);
        else
          emit("caption", prefix_utf8(sentence(), 60), "", "");
      }
    }
    // Readers' comments: about 15% of units overall.
    const int comments = rng.below(3) == 0 ? 0 : rng.between(1, 6);
    for (int c = 0; c < comments && written < units; ++c) {
      emit("comment", sentences_joined(rng.between(1, 3)), "", "");
    }
  }
  out.close();
  std::fprintf(
      stderr,
      "corpus_scale: %zu units in %zu posts, %zu files, %.1f MB of text, from %zu sentences\n",
      written, posts, file_no, static_cast<double>(text_bytes) / 1e6, sentences.size());
  return 0;
}
