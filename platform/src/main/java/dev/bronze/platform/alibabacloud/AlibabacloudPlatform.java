package dev.bronze.platform.alibabacloud;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * Alibaba Cloud ECS: product "Alibaba Cloud ECS", vendor "Alibaba Cloud".
 */
public final class AlibabacloudPlatform implements Platform {

    static final String ID = "alibabacloud";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .dmiEquals(100, "product_name", "Alibaba Cloud ECS")
                .dmiEquals(100, "sys_vendor", "Alibaba Cloud")
                .cloudInitDatasource(90, "aliyun")
                .ignitionPlatform(95, "aliyun")
                .match();
    }
}
