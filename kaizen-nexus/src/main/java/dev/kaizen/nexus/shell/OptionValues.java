package dev.kaizen.nexus.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.kaizen.core.Field;
import dev.kaizen.core.FieldError;
import dev.kaizen.core.FieldType;
import dev.kaizen.core.Signature;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns command-line text into typed inputs: each option is converted to its field's type
 * (integer, number and boolean parsed; array and object read as JSON). Every problem is
 * collected, naming the field, so one error line lists them all.
 */
final class OptionValues {

    private final JsonMapper json;

    OptionValues(JsonMapper json) {
        this.json = json;
    }

    /** The typed inputs and the problems found; the inputs are usable only without problems. */
    record Converted(Map<String, Object> inputs, List<FieldError> errors) {
    }

    Converted convert(Signature signature, List<ShellOption> options) {
        Map<String, Field> fields = new LinkedHashMap<>();
        signature.inputs().forEach(field -> fields.put(field.name(), field));
        Map<String, Object> inputs = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (ShellOption option : options) {
            Field field = fields.get(option.name());
            if (field == null) {
                errors.add(new FieldError(option.name(), "unknown option --" + option.name()));
            }
            else if (inputs.containsKey(field.name())) {
                errors.add(new FieldError(field.name(), "given more than once"));
            }
            else {
                convert(field, option.value(), inputs, errors);
            }
        }
        return new Converted(inputs, errors);
    }

    private void convert(Field field, @Nullable String text, Map<String, Object> inputs, List<FieldError> errors) {
        if (text == null) {
            if (field.type() == FieldType.BOOLEAN) {
                inputs.put(field.name(), true); // a bare --flag means true
            }
            else {
                errors.add(new FieldError(field.name(), "needs a value"));
            }
            return;
        }
        try {
            inputs.put(field.name(), switch (field.type()) {
                case STRING -> text;
                case INTEGER -> Long.parseLong(text.strip());
                case NUMBER -> parseNumber(text);
                case BOOLEAN -> parseBoolean(text);
                case ARRAY -> readJson(text, true);
                case OBJECT -> readJson(text, false);
            });
        }
        catch (IllegalArgumentException e) {
            errors.add(new FieldError(field.name(), problem(field.type(), text, e)));
        }
    }

    private static String problem(FieldType type, String text, IllegalArgumentException e) {
        return switch (type) {
            case ARRAY, OBJECT -> e.getMessage();
            default -> "expected " + type.jsonName() + ", got '" + text + "'";
        };
    }

    private static double parseNumber(String text) {
        double value = Double.parseDouble(text.strip());
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not finite");
        }
        return value;
    }

    private static boolean parseBoolean(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    private Object readJson(String text, boolean array) {
        String expected = array ? "array" : "object";
        JsonNode node;
        try {
            node = json.readTree(text);
        }
        catch (JacksonException e) {
            throw new IllegalArgumentException("malformed JSON " + expected + ": " + e.getOriginalMessage());
        }
        if (array ? !node.isArray() : !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON " + expected + ", such as " + (array ? "[\"a\",\"b\"]"
                    : "{\"key\":\"value\"}"));
        }
        return json.treeToValue(node, Object.class);
    }
}
