package dev.hubconsole.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates JSON API calls that carry a personal API token as {@code Authorization: Bearer hc_…} (or
 * {@code token hc_…}). An unknown token is rejected with 401 rather than falling through.
 */
class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;

    ApiTokenAuthenticationFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        String token = null;
        if (header != null && (header.startsWith("Bearer ") || header.startsWith("token "))) {
            token = header.substring(header.indexOf(' ') + 1).strip();
        }
        if (token != null) {
            var account = tokens.authenticate(token);
            if (account.isEmpty()) {
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setContentType("application/json");
                response.getWriter().write("{\"error\":\"unknown or revoked API token; create one on the account page\"}");
                return;
            }
            UserDetails user = AccountDetailsService.toUserDetails(account.get());
            var authentication = UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(authentication);
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
