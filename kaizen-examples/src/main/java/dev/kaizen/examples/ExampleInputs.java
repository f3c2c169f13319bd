package dev.kaizen.examples;

/** A request body to try each example with, as printed on start and shown in the docs. */
final class ExampleInputs {

    private ExampleInputs() {
    }

    static String jsonFor(String name) {
        return switch (name) {
            case "assistant" -> "{\"inputs\":{\"question\":\"What is Kaizen?\"}}";
            case "text-stats" -> "{\"inputs\":{\"text\":\"Kaizen means change for the better. "
                    + "Small steps, every day, add up.\",\"top\":3}}";
            case "notes" -> "{\"inputs\":{\"note\":\"buy milk\"},\"sessionId\":\"demo\"}";
            default -> "{\"inputs\":{}}";
        };
    }
}
