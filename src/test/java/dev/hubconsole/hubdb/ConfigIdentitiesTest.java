package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigIdentitiesTest {

    @Test
    void readsAllowedAdminAndGroupMembersFromLiterals() {
        ConfigIdentities ids = ConfigIdentities.parse("""
                c = get_config()
                c.Authenticator.allowed_users = {'alice', "bob"}  # people
                c.PAMAuthenticator.admin_users = set(['root'])
                c.Authenticator.whitelist = ('old',)
                c.JupyterHub.load_groups = {
                    'staff': ['alice', 'carol'],
                    "lab": {"users": ["dave"], "properties": {"x": 1}},
                }
                """);

        assertThat(ids.users()).containsExactlyInAnyOrder("alice", "bob", "root", "old", "carol", "dave");
        assertThat(ids.groups()).containsExactlyInAnyOrder("staff", "lab");
        assertThat(ids.read()).hasSize(4);
        assertThat(ids.unreadable()).isEmpty();
    }

    @Test
    void theLastAssignmentWinsAndAddsAreFollowed() {
        ConfigIdentities ids = ConfigIdentities.parse("""
                c.Authenticator.allowed_users = {'a'}
                c.Authenticator.allowed_users = {'b'}
                c.Authenticator.allowed_users.add('c')
                c.Authenticator.allowed_users |= {'d'}
                """);

        assertThat(ids.users()).containsExactlyInAnyOrder("b", "c", "d");
    }

    @Test
    void saysWhatItCannotReadInsteadOfGuessing() {
        ConfigIdentities ids = ConfigIdentities.parse("""
                import os
                c.Authenticator.allowed_users = set(os.environ['USERS'].split(','))
                if True:
                    c.Authenticator.admin_users = {'x'}
                """);

        assertThat(ids.users()).isEmpty();
        assertThat(ids.unreadable()).hasSize(2)
                .anySatisfy(u -> assertThat(u).startsWith("c.Authenticator.allowed_users (line 2) is not a literal"))
                .anySatisfy(u -> assertThat(u).contains("indented block"));
    }
}
