package dev.hubconsole.security.web;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;

/** Form backing the password page. */
class PasswordForm {

    @NotBlank(message = "{account.password.current.required}")
    private String currentPassword;
    @NotBlank(message = "{account.password.new.required}")
    private String newPassword;
    private String confirmPassword;

    @AssertTrue(message = "{account.password.mismatch}")
    boolean isConfirmed() {
        return newPassword == null || newPassword.equals(confirmPassword);
    }

    public String getCurrentPassword() {
        return currentPassword;
    }

    public void setCurrentPassword(String currentPassword) {
        this.currentPassword = currentPassword;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }

    public String getConfirmPassword() {
        return confirmPassword;
    }

    public void setConfirmPassword(String confirmPassword) {
        this.confirmPassword = confirmPassword;
    }
}
