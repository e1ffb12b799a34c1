"""Questions the benchmarks ask over docs_corpus: 30 questions in 8 phrasings (240 distinct),
so that no answer cache could be what a benchmark measures."""

from __future__ import annotations

BASE_QUESTIONS = [
    "Which officials attended the Guangdong-Hong Kong meeting?",
    "Who were the conveners of the task force meeting?",
    "In which areas did Guangdong and Hong Kong agree to strengthen cooperation?",
    "What did the Guangdong delegation visit after the meeting?",
    "What does the Digital Office provide to government departments?",
    "Who is the Director of Information Technology of the Hong Kong government?",
    "Which associations signed a memorandum of cooperation?",
    "What talent programmes has Hong Kong launched?",
    "How many Zhejiang enterprises exhibited in Hong Kong?",
    "What did Hangzhou and Hong Kong agree to build?",
    "Which company's drone supported the earthquake rescue in Turkey?",
    "How many professionals did the 23rd symposium attract?",
    "How many Hong Kong companies were established in Beijing?",
    "Who was the Mayor of Beijing at the 23rd symposium?",
    "Who addressed the opening ceremony of the 26th symposium?",
    "What was the theme of the 26th symposium?",
    "How much did Beijing spend on research in 2019?",
    "In how many areas did Beijing and Hong Kong agree to cooperate?",
    "What is the population of Shenzhen?",
    "Which officials attended the Guangdong-Macau meeting?",
    "Who organised the 26th Beijing-Hong Kong Economic Cooperation Symposium?",
    "What share of Beijing's GDP came from services?",
    "What did Carrie Lam say about the epidemic?",
    "When did the first Hong Kong International Innovation and Technology Exhibition open?",
    "What did Cui Xulong say about foreign investment?",
    "Which new alliance did the Guangdong Software Industry Association introduce?",
    "What did Zhang Peng say about the Hangzhou exhibition area?",
    "Which technologies did Cyberport show the delegation?",
    "Who won the 2022 FIFA World Cup?",
    "What is the AI Efficiency Enhancement Group?",
]
TEMPLATES = [
    "{q}",
    "Please tell me: {q}",
    "{q} Answer with sources.",
    "Quick question: {q}",
    "I'd like to know: {q}",
    "From the articles, {q}",
    "From the news: {q}",
    "{q} Thanks!",
]


def questions() -> list[str]:
    return [t.format(q=q) for t in TEMPLATES for q in BASE_QUESTIONS]
