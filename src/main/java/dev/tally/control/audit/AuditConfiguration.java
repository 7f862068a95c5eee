package dev.tally.control.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Records the API's changing requests in the audit log. */
@Configuration
class AuditConfiguration implements WebMvcConfigurer {

    private final AuditService audit;

    AuditConfiguration(AuditService audit) {
        this.audit = audit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AuditInterceptor(audit)).addPathPatterns("/api/**");
    }
}
