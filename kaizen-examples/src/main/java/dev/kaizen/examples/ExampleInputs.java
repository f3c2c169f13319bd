package dev.kaizen.examples;

/** Inputs to try each example with, as printed on start and shown in the docs. */
final class ExampleInputs {

    private ExampleInputs() {
    }

    /** The same inputs as shell options. */
    static String shellOptionsFor(String name) {
        return switch (name) {
            case "assistant" -> "--question \"What is Kaizen?\"";
            case "text-stats" -> "--text \"Kaizen means change for the better. Small steps, every day, add up.\" --top 3";
            case "notes" -> "--note \"buy milk\" --session demo";
            case "research" -> "--topic Kaizen --steps 3";
            default -> "";
        };
    }

    static String jsonFor(String name) {
        return switch (name) {
            case "assistant" -> "{\"inputs\":{\"question\":\"What is Kaizen?\"}}";
            case "text-stats" -> "{\"inputs\":{\"text\":\"Kaizen means change for the better. "
                    + "Small steps, every day, add up.\",\"top\":3}}";
            case "notes" -> "{\"inputs\":{\"note\":\"buy milk\"},\"sessionId\":\"demo\"}";
            case "research" -> "{\"inputs\":{\"topic\":\"Kaizen\",\"steps\":3}}";
            default -> "{\"inputs\":{}}";
        };
    }
}
