package dev.hubconsole;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** Application-wide infrastructure: the clock and the executor that runs long steps off the request thread. */
@Configuration(proxyBeanMethods = false)
class ConsoleConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Runs wizard steps; each run has at most one step running, so a small pool suffices. */
    @Bean
    TaskExecutor stepExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("step-");
        executor.setCorePoolSize(4);
        executor.setMaxPoolSize(8);
        executor.setQueueCapacity(100);
        executor.setWaitForTasksToCompleteOnShutdown(false);
        executor.initialize();
        return executor;
    }
}
