package dev.hubconsole.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

class LifecycleBeansTest {

    @Test
    void theLifecycleClassesWireAsSpringComponentsWithTheirDefaults() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
                CommandRunner.class, HubApiClient.class, HubProbe.class, HubLogScanner.class)) {
            assertThat(context.getBean(HubProbe.class)).isNotNull();
            assertThat(context.getBean(CommandRunner.class)).isNotNull();
            assertThat(context.getBean(HubLogScanner.class)).isNotNull();
        }
    }
}
