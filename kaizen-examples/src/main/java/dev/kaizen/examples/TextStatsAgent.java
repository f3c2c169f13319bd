package dev.kaizen.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.kaizen.core.AbstractAgent;
import dev.kaizen.core.AgentConfig;
import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.RunContext;
import dev.kaizen.core.Signature;

/**
 * Text statistics with no model at all: words, sentences, reading time and the most frequent
 * keywords.
 */
final class TextStatsAgent extends AbstractAgent {

    /** Adult silent reading speed, words per minute. */
    static final double WORDS_PER_MINUTE = 238;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]+");

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "but", "by",
            "for", "from", "has", "have", "he", "her", "his", "i", "in", "is", "it", "its", "of", "on", "or", "our",
            "she", "so", "that", "the", "their", "them", "they", "this", "to", "was", "we", "were", "will", "with",
            "you", "your");

    TextStatsAgent() {
        super("text-stats", "Counts words and sentences, estimates reading time and finds the top keywords",
                Signature.builder()
                        .input("text", FieldType.STRING, "The text to analyse")
                        .optionalInput("top", FieldType.INTEGER, "How many keywords to return", 5)
                        .output("words", FieldType.INTEGER, "Number of words")
                        .output("sentences", FieldType.INTEGER, "Number of sentences")
                        .output("readingTimeSeconds", FieldType.NUMBER, "Estimated silent reading time")
                        .output("topKeywords", FieldType.ARRAY, "The most frequent words that are not stop words")
                        .build(),
                AgentConfig.builder().provider(FunctionAgent.PROVIDER).build());
    }

    @Override
    public Map<String, Object> run(Map<String, Object> inputs, RunContext context) {
        String text = (String) inputs.get("text");
        int top = (int) Math.max(0, Math.min(100, (Long) inputs.get("top")));
        List<String> words = WORD.matcher(text).results().map(m -> m.group().toLowerCase(Locale.ROOT)).toList();
        // A sentence is any stretch between terminators that holds a word, ended or not.
        long sentences = SENTENCE_END.splitAsStream(text).filter(part -> WORD.matcher(part).find()).count();

        Map<String, Long> counts = words.stream().filter(word -> word.length() > 2 && !STOP_WORDS.contains(word))
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        List<String> keywords = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(top).map(Map.Entry::getKey).toList();

        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("words", (long) words.size());
        outputs.put("sentences", sentences);
        outputs.put("readingTimeSeconds", Math.round(words.size() / WORDS_PER_MINUTE * 600) / 10.0);
        outputs.put("topKeywords", keywords);
        return outputs;
    }
}
