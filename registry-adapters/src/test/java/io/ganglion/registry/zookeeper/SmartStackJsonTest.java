package io.ganglion.registry.zookeeper;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.registry.Endpoint;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SmartStackJsonTest {

    @Test
    void readsEveryFixtureRecordAndWritesItBackByteForByte() throws Exception {
        for (Map.Entry<String, String> node : NerveFixture.znodes().entrySet()) {
            SmartStackRecord record = SmartStackJson.read(node.getValue().getBytes(UTF_8));
            assertThat(new String(SmartStackJson.write(record), UTF_8)).as(node.getKey()).isEqualTo(node.getValue());
        }
    }

    @Test
    void readsAllFieldsOfAFullRecord() throws Exception {
        SmartStackRecord record = SmartStackJson.read(NerveFixture.znodes().get("i-0ghi_0000000044").getBytes(UTF_8));

        assertThat(record).isEqualTo(new SmartStackRecord("10.1.2.5", 8081, "i-0ghi", OptionalInt.of(0),
                Optional.of("check port 9090 send-proxy"), Map.of("az", "us-east-1b", "canary", "true"), Map.of()));
    }

    @Test
    void writesTheSmartStackDocumentationExample() {
        SmartStackRecord record = SmartStackRecord.of("10.1.2.3", 8080, "i-0abc").withWeight(2)
                .withLabels(Map.of("az", "us-east-1a"));

        assertThat(new String(SmartStackJson.write(record), UTF_8))
                .isEqualTo("{\"host\":\"10.1.2.3\",\"port\":8080,\"name\":\"i-0abc\",\"weight\":2,\"labels\":{\"az\":\"us-east-1a\"}}");
    }

    @Test
    void keepsUnknownKeysInOrderAndShowsThemAsMeta() throws Exception {
        String json = "{\"host\":\"h1\",\"port\":\"8080\",\"name\":\"i-1\",\"zone\":\"b\",\"extra\":{\"k\":[1,2]}}";
        SmartStackRecord record = SmartStackJson.read(json.getBytes(UTF_8));

        assertThat(record.port()).isEqualTo(8080);
        assertThat(record.otherFields()).containsOnlyKeys("zone", "extra");
        Endpoint endpoint = SmartStackEndpoints.toEndpoint("i-1_0000000001", record);
        assertThat(endpoint.meta()).containsEntry("zone", "b").containsEntry("extra", "{\"k\":[1,2]}")
                .containsEntry(Endpoint.META_ZNODE, "i-1_0000000001").containsEntry(Endpoint.META_NAME, "i-1");
        assertThat(endpoint.id()).isEqualTo("i-1_h1:8080");
        assertThat(endpoint.weight()).isEqualTo(Endpoint.DEFAULT_WEIGHT);
    }

    @Test
    void namesAnInstanceWithoutNameByAddressLikeSynapse() throws Exception {
        SmartStackRecord record = SmartStackJson.read("{\"host\":\"h1\",\"port\":80}".getBytes(UTF_8));

        assertThat(SmartStackEndpoints.toEndpoint("x_0000000001", record).id()).isEqualTo("h1:80");
    }

    @Test
    void rejectsUnusableRecordsWithPreciseMessages() {
        assertMalformed("", "data is empty, expected a JSON object with host and port");
        assertMalformed("{\"host\":\"h\",\"port\":80", "data is not valid JSON: ");
        assertMalformed("[1]", "data is JSON but not an object, expected one with host and port");
        assertMalformed("{\"port\":80}", "field \"host\" is missing");
        assertMalformed("{\"host\":\"\",\"port\":80}", "field \"host\" must be a non-empty string, got \"\"");
        assertMalformed("{\"host\":\"h\"}", "field \"port\" is missing");
        assertMalformed("{\"host\":\"h\",\"port\":\"http\"}", "field \"port\" must be an integer, got \"http\"");
        assertMalformed("{\"host\":\"h\",\"port\":70000}", "field \"port\" must be 1 to 65535, got 70000");
        assertMalformed("{\"host\":\"h\",\"port\":80,\"weight\":1.5}", "field \"weight\" must be an integer, got 1.5");
        assertMalformed("{\"host\":\"h\",\"port\":80,\"weight\":-1}", "field \"weight\" must be 0 or more, got -1");
        assertMalformed("{\"host\":\"h\",\"port\":80,\"labels\":[]}", "field \"labels\" must be an object, got []");
    }

    private static void assertMalformed(String json, String messageStart) {
        assertThatThrownBy(() -> SmartStackJson.read(json.getBytes(UTF_8)))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageStartingWith(messageStart);
    }
}
