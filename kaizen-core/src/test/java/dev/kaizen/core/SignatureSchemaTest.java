package dev.kaizen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SignatureSchemaTest {

    private final Signature everyType = Signature.builder()
            .input("text", FieldType.STRING, "Some text")
            .input("count", FieldType.INTEGER, "A count")
            .optionalInput("ratio", FieldType.NUMBER, "A ratio", 0.5)
            .optionalInput("verbose", FieldType.BOOLEAN, "Talk more", false)
            .optionalInput("tags", FieldType.ARRAY, "Labels", List.of("a", "b"))
            .optionalInput("options", FieldType.OBJECT, "Free-form options", null)
            .output("answer", FieldType.STRING, "The answer")
            .build();

    @Test
    void inputSchemaIsDraft202012ObjectWithOnePropertyPerField() {
        Map<String, Object> schema = everyType.inputSchema();

        assertThat(schema).containsEntry("$schema", "https://json-schema.org/draft/2020-12/schema")
                .containsEntry("type", "object")
                .containsEntry("additionalProperties", false)
                .containsEntry("required", List.of("text", "count"));
        assertThat(properties(schema)).containsOnlyKeys("text", "count", "ratio", "verbose", "tags", "options");
    }

    @Test
    void everyFieldTypeMapsToItsJsonSchemaType() {
        Map<String, Map<String, Object>> properties = properties(everyType.inputSchema());

        assertThat(properties.get("text")).containsEntry("type", "string").containsEntry("description", "Some text");
        assertThat(properties.get("count")).containsEntry("type", "integer");
        assertThat(properties.get("ratio")).containsEntry("type", "number");
        assertThat(properties.get("verbose")).containsEntry("type", "boolean");
        assertThat(properties.get("tags")).containsEntry("type", "array");
        assertThat(properties.get("options")).containsEntry("type", "object");
    }

    @Test
    void defaultsAppearInTheSchemaAndRequiredFieldsHaveNone() {
        Map<String, Map<String, Object>> properties = properties(everyType.inputSchema());

        assertThat(properties.get("ratio")).containsEntry("default", 0.5);
        assertThat(properties.get("verbose")).containsEntry("default", false);
        assertThat(properties.get("tags")).containsEntry("default", List.of("a", "b"));
        assertThat(properties.get("text")).doesNotContainKey("default");
        assertThat(properties.get("options")).doesNotContainKey("default");
    }

    @Test
    void propertiesKeepDeclarationOrder() {
        assertThat(properties(everyType.inputSchema()).keySet())
                .containsExactly("text", "count", "ratio", "verbose", "tags", "options");
    }

    @Test
    void outputSchemaDescribesTheOutputs() {
        Map<String, Object> schema = everyType.outputSchema();

        assertThat(schema).containsEntry("required", List.of("answer")).containsEntry("additionalProperties", false);
        assertThat(properties(schema).get("answer")).containsEntry("type", "string");
    }

    @Test
    void schemaMapsCannotBeChangedByCallers() {
        Map<String, Object> schema = everyType.inputSchema();

        assertThatThrownBy(() -> schema.put("type", "array")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> properties(schema).get("text").put("type", "integer"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void duplicateInputNamesAreRejectedWhenBuilt() {
        Signature.Builder builder = Signature.builder()
                .input("q", FieldType.STRING, "first")
                .input("q", FieldType.INTEGER, "second")
                .output("a", FieldType.STRING, "answer");

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate input field 'q'");
    }

    @Test
    void duplicateOutputNamesAreRejectedWhenBuilt() {
        Signature.Builder builder = Signature.builder()
                .output("a", FieldType.STRING, "first")
                .output("a", FieldType.STRING, "second");

        assertThatThrownBy(builder::build).hasMessage("duplicate output field 'a'");
    }

    @Test
    void aSignatureNeedsAnOutput() {
        assertThatThrownBy(() -> Signature.builder().input("q", FieldType.STRING, "q").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one output");
    }

    @Test
    void fieldNamesMustBeIdentifiers() {
        for (String bad : List.of("", "1abc", "with space", "dash-ed", "dot.ted", "é", "a".repeat(65))) {
            assertThatThrownBy(() -> Field.required(bad, FieldType.STRING, "x"))
                    .as("name '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a valid identifier");
        }
        assertThat(Field.required("_private1", FieldType.STRING, "x").name()).isEqualTo("_private1");
    }

    @Test
    void defaultsMustMatchTheFieldType() {
        assertThatThrownBy(() -> Field.optional("count", FieldType.INTEGER, "n", "three"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("default of field 'count': expected integer, got string");
        assertThatThrownBy(() -> new Field("q", FieldType.STRING, "q", true, "x"))
                .hasMessage("field 'q' is required and cannot have a default");
    }

    @Test
    void integerDefaultsAreNormalisedToLong() {
        assertThat(Field.optional("count", FieldType.INTEGER, "n", 3).defaultValue()).isEqualTo(3L);
    }

    @Test
    void fieldTypesKnowTheirJsonNames() {
        for (FieldType type : FieldType.values()) {
            assertThat(FieldType.fromJsonName(type.jsonName())).isSameAs(type);
        }
        assertThatThrownBy(() -> FieldType.fromJsonName("date")).hasMessageContaining("unknown field type 'date'");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> properties(Map<String, Object> schema) {
        return (Map<String, Map<String, Object>>) schema.get("properties");
    }
}
