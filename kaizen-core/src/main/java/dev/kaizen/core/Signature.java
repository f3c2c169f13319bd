package dev.kaizen.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * What an agent takes and what it gives back: ordered input and output {@link Field}s.
 *
 * <p>A signature produces JSON Schema (draft 2020-12) for both sides and validates inputs with
 * errors that name each field. It is immutable and safe to share between threads.
 *
 * <pre>{@code
 * Signature signature = Signature.builder()
 *         .input("question", FieldType.STRING, "What the user asks")
 *         .optionalInput("count", FieldType.INTEGER, "How many answers", 1)
 *         .output("answer", FieldType.STRING, "The answer")
 *         .build();
 * }</pre>
 */
public final class Signature {

    /** The JSON Schema dialect of every schema a signature produces. */
    public static final String SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private final List<Field> inputs;

    private final List<Field> outputs;

    private final Map<String, Field> inputsByName;

    private final Map<String, Field> outputsByName;

    private final boolean requiresSession;

    private Signature(List<Field> inputs, List<Field> outputs, boolean requiresSession) {
        this.requiresSession = requiresSession;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.inputsByName = indexByName(this.inputs);
        this.outputsByName = indexByName(this.outputs);
    }

    /**
     * Starts a new signature.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the input fields, in declaration order
     */
    public List<Field> inputs() {
        return inputs;
    }

    /**
     * @return the output fields, in declaration order
     */
    public List<Field> outputs() {
        return outputs;
    }

    /**
     * @return whether every call must name a session: the agent keeps its state there, so a call
     *     without one is refused before the agent runs ({@link SessionRequiredException})
     */
    public boolean requiresSession() {
        return requiresSession;
    }

    /**
     * The JSON Schema of the inputs: an object with one property per input field, required
     * fields listed, defaults given, and no other properties allowed.
     *
     * @return a new, unmodifiable schema map (nested maps and lists are unmodifiable too)
     */
    public Map<String, Object> inputSchema() {
        return schemaOf(inputs);
    }

    /**
     * The JSON Schema of the outputs, in the same form as {@link #inputSchema()}.
     *
     * @return a new, unmodifiable schema map
     */
    public Map<String, Object> outputSchema() {
        return schemaOf(outputs);
    }

    /**
     * Checks inputs against this signature and normalises them.
     *
     * <p>Applies defaults, converts each value to its type's Java form (see {@link FieldType}),
     * and treats an explicit {@code null} as a value that was left out.
     *
     * @param values the inputs as given; {@code null} counts as no inputs at all
     * @return a new unmodifiable map in signature order
     * @throws InvalidInputException listing every missing required field, wrong type and
     *     unknown field
     */
    public Map<String, Object> validateInputs(@Nullable Map<String, ?> values) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> normalised = check(inputs, values, errors);
        unknownNames(inputsByName, values).forEach(name -> errors.add(new FieldError(name, "unknown field")));
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return normalised;
    }

    /**
     * Checks an agent's answer against the outputs and normalises it. Fields the signature does
     * not declare are dropped: the output schema allows no others, and clients validate
     * structured results against it.
     *
     * @param agentName the agent that answered, for the error message
     * @param values the answer
     * @return a new unmodifiable map in signature order
     * @throws AgentOutputException listing every missing or mistyped output field
     */
    public Map<String, Object> validateOutputs(String agentName, @Nullable Map<String, ?> values) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> normalised = check(outputs, values, errors);
        if (!errors.isEmpty()) {
            throw new AgentOutputException(agentName, errors);
        }
        return normalised;
    }

    private static Map<String, Object> check(List<Field> fields, @Nullable Map<String, ?> values,
            List<FieldError> errors) {
        Map<String, Object> normalised = new LinkedHashMap<>();
        for (Field field : fields) {
            Object value = values == null ? null : values.get(field.name());
            if (value == null) {
                if (field.required()) {
                    errors.add(new FieldError(field.name(), "required"));
                }
                else if (field.defaultValue() != null) {
                    normalised.put(field.name(), field.defaultValue());
                }
                continue;
            }
            FieldValues.Checked checked = FieldValues.check(field.type(), value);
            if (checked.isOk()) {
                normalised.put(field.name(), checked.value());
            }
            else {
                errors.add(new FieldError(field.name(), Objects.requireNonNull(checked.problem())));
            }
        }
        return Collections.unmodifiableMap(normalised);
    }

    private static Set<String> unknownNames(Map<String, Field> known, @Nullable Map<String, ?> values) {
        if (values == null || known.keySet().containsAll(values.keySet())) {
            return Set.of();
        }
        Set<String> unknown = new TreeSet<>();
        for (Object key : values.keySet()) {
            String name = String.valueOf(key);
            if (!known.containsKey(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    private static Map<String, Object> schemaOf(List<Field> fields) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Field field : fields) {
            Map<String, Object> property = new LinkedHashMap<>();
            property.put("type", field.type().jsonName());
            property.put("description", field.description());
            if (field.defaultValue() != null) {
                property.put("default", field.defaultValue());
            }
            properties.put(field.name(), Collections.unmodifiableMap(property));
            if (field.required()) {
                required.add(field.name());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", SCHEMA_DIALECT);
        schema.put("type", "object");
        schema.put("properties", Collections.unmodifiableMap(properties));
        schema.put("required", List.copyOf(required));
        schema.put("additionalProperties", false);
        return Collections.unmodifiableMap(schema);
    }

    private static Map<String, Field> indexByName(List<Field> fields) {
        Map<String, Field> byName = new LinkedHashMap<>();
        fields.forEach(field -> byName.put(field.name(), field));
        return Collections.unmodifiableMap(byName);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Signature that && inputs.equals(that.inputs) && outputs.equals(that.outputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputs, outputs);
    }

    @Override
    public String toString() {
        return "Signature" + inputs.stream().map(Field::name).toList() + " -> "
                + outputs.stream().map(Field::name).toList() + (requiresSession ? " (requires a session)" : "");
    }

    /** Collects fields in order and rejects duplicates when the signature is built. */
    public static final class Builder {

        private final List<Field> inputs = new ArrayList<>();

        private final List<Field> outputs = new ArrayList<>();

        private boolean requiresSession;

        private Builder() {
        }

        /**
         * Declares that every call must name a session (the agent keeps its state there). Channels
         * show it in their schemas and refuse a call without a session as the caller's mistake.
         *
         * @return this builder
         */
        public Builder requiresSession() {
            this.requiresSession = true;
            return this;
        }

        /**
         * Adds an input field.
         *
         * @param field the field
         * @return this builder
         */
        public Builder input(Field field) {
            inputs.add(Objects.requireNonNull(field, "field"));
            return this;
        }

        /**
         * Adds a required input field.
         *
         * @param name the field name, an identifier
         * @param type the field type
         * @param description what the field means
         * @return this builder
         */
        public Builder input(String name, FieldType type, String description) {
            return input(Field.required(name, type, description));
        }

        /**
         * Adds an optional input field.
         *
         * @param name the field name, an identifier
         * @param type the field type
         * @param description what the field means
         * @param defaultValue the value used when the caller leaves it out, or {@code null}
         * @return this builder
         */
        public Builder optionalInput(String name, FieldType type, String description,
                @Nullable Object defaultValue) {
            return input(Field.optional(name, type, description, defaultValue));
        }

        /**
         * Adds an output field.
         *
         * @param field the field
         * @return this builder
         */
        public Builder output(Field field) {
            outputs.add(Objects.requireNonNull(field, "field"));
            return this;
        }

        /**
         * Adds a required output field.
         *
         * @param name the field name, an identifier
         * @param type the field type
         * @param description what the field means
         * @return this builder
         */
        public Builder output(String name, FieldType type, String description) {
            return output(Field.required(name, type, description));
        }

        /**
         * Builds the signature.
         *
         * @return the immutable signature
         * @throws IllegalArgumentException if two inputs or two outputs share a name, or there
         *     are no outputs
         */
        public Signature build() {
            rejectDuplicates("input", inputs);
            rejectDuplicates("output", outputs);
            if (outputs.isEmpty()) {
                throw new IllegalArgumentException("a signature needs at least one output field");
            }
            return new Signature(inputs, outputs, requiresSession);
        }

        private static void rejectDuplicates(String side, List<Field> fields) {
            Set<String> seen = new HashSet<>();
            for (Field field : fields) {
                if (!seen.add(field.name())) {
                    throw new IllegalArgumentException("duplicate " + side + " field '" + field.name() + "'");
                }
            }
        }
    }
}
