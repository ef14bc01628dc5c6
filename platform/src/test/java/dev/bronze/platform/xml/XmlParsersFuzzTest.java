package dev.bronze.platform.xml;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.hardware.BronzeException;
import dev.bronze.platform.azure.AzureProvisioningMedia;
import dev.bronze.platform.azure.AzureWireServer;
import dev.bronze.platform.vmware.OvfEnvironment;

/** ovf-env.xml and goal states from outside: a BronzeException with a message, nothing else. */
class XmlParsersFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void xml(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        quiet(() -> OvfEnvironment.parse(b));
        quiet(() -> AzureProvisioningMedia.parse(b));
        quiet(() -> AzureWireServer.parseGoalState(b));
    }

    private static void quiet(Runnable r) {
        try {
            r.run();
        } catch (BronzeException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("error without a message", expected);
            }
        }
    }
}
