CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "Hosts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Hosts" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Root" TEXT NOT NULL,
    "FirstSeen" INTEGER NOT NULL,
    "LastSeen" INTEGER NOT NULL,
    "IsDemo" INTEGER NOT NULL
);

CREATE TABLE "HardwareProfiles" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_HardwareProfiles" PRIMARY KEY AUTOINCREMENT,
    "HostId" INTEGER NOT NULL,
    "TakenAt" INTEGER NOT NULL,
    "ReportJson" TEXT NOT NULL,
    "CpuVendor" TEXT NOT NULL,
    "IommuEnabled" INTEGER NOT NULL,
    "GroupCount" INTEGER NOT NULL,
    "DeviceCount" INTEGER NOT NULL,
    "GpuCount" INTEGER NOT NULL,
    CONSTRAINT "FK_HardwareProfiles_Hosts_HostId" FOREIGN KEY ("HostId") REFERENCES "Hosts" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_HardwareProfiles_HostId_TakenAt" ON "HardwareProfiles" ("HostId", "TakenAt");

CREATE UNIQUE INDEX "IX_Hosts_Name" ON "Hosts" ("Name");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125101756_InitialCreate', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "ChangeSets" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ChangeSets" PRIMARY KEY,
    "Sequence" INTEGER NOT NULL,
    "HostName" TEXT NOT NULL,
    "Steps" TEXT NOT NULL,
    "User" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CompletedAt" INTEGER NULL,
    "State" TEXT NOT NULL,
    "RootPath" TEXT NOT NULL,
    "PlanJson" TEXT NOT NULL,
    "FilesJson" TEXT NOT NULL,
    "CommandsJson" TEXT NOT NULL,
    "ErrorJson" TEXT NULL,
    "BootId" TEXT NULL,
    "ExpectationsJson" TEXT NULL,
    "VerifiedAt" INTEGER NULL,
    "VerificationPassed" INTEGER NULL,
    "VerificationJson" TEXT NULL
);

CREATE TABLE "HistoryEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_HistoryEvents" PRIMARY KEY AUTOINCREMENT,
    "HostName" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "User" TEXT NOT NULL,
    "ChangeSetId" TEXT NULL,
    "Passed" INTEGER NULL,
    "Summary" TEXT NOT NULL,
    "DetailsJson" TEXT NULL
);

CREATE INDEX "IX_ChangeSets_HostName_CreatedAt" ON "ChangeSets" ("HostName", "CreatedAt");

CREATE INDEX "IX_ChangeSets_State" ON "ChangeSets" ("State");

CREATE INDEX "IX_HistoryEvents_HostName_At" ON "HistoryEvents" ("HostName", "At");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125114352_ChangeHistory', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "Role" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);

CREATE TABLE "SetupTokens" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SetupTokens" PRIMARY KEY AUTOINCREMENT,
    "Hash" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UsedAt" INTEGER NULL,
    "UsedBy" TEXT NULL
);

CREATE TABLE "AccessTokens" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AccessTokens" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Hash" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NULL,
    "RevokedAt" INTEGER NULL,
    CONSTRAINT "FK_AccessTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_AccessTokens_Hash" ON "AccessTokens" ("Hash");

CREATE INDEX "IX_AccessTokens_UserId_Name" ON "AccessTokens" ("UserId", "Name");

CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

CREATE UNIQUE INDEX "IX_SetupTokens_Hash" ON "SetupTokens" ("Hash");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206193846_Users', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "AspNetUsers" ADD "IsHostAccount" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "SignInSettings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SignInSettings" PRIMARY KEY,
    "RequireTwoFactor" INTEGER NOT NULL,
    "HostAccountsEnabled" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "UpdatedBy" TEXT NULL
);

CREATE TABLE "HostGroupRoles" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_HostGroupRoles" PRIMARY KEY AUTOINCREMENT,
    "SettingsId" INTEGER NOT NULL,
    "Group" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    CONSTRAINT "FK_HostGroupRoles_SignInSettings_SettingsId" FOREIGN KEY ("SettingsId") REFERENCES "SignInSettings" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_HostGroupRoles_SettingsId_Group" ON "HostGroupRoles" ("SettingsId", "Group");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206201235_SignInSettings', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
DROP INDEX "IX_HistoryEvents_HostName_At";

DROP INDEX "IX_ChangeSets_HostName_CreatedAt";

DROP INDEX "IX_ChangeSets_State";

CREATE INDEX "IX_HistoryEvents_At_Id" ON "HistoryEvents" ("At", "Id");

CREATE INDEX "IX_HistoryEvents_HostName_At_Id" ON "HistoryEvents" ("HostName", "At", "Id");

CREATE INDEX "IX_HistoryEvents_Passed_At_Id" ON "HistoryEvents" ("Passed", "At", "Id");

CREATE INDEX "IX_HistoryEvents_User_At_Id" ON "HistoryEvents" ("User", "At", "Id");

CREATE INDEX "IX_ChangeSets_CreatedAt_Sequence" ON "ChangeSets" ("CreatedAt", "Sequence");

CREATE INDEX "IX_ChangeSets_HostName_CreatedAt_Sequence" ON "ChangeSets" ("HostName", "CreatedAt", "Sequence");

CREATE INDEX "IX_ChangeSets_State_CreatedAt_Sequence" ON "ChangeSets" ("State", "CreatedAt", "Sequence");

CREATE INDEX "IX_ChangeSets_User_CreatedAt_Sequence" ON "ChangeSets" ("User", "CreatedAt", "Sequence");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207014207_AuditTrailIndexes', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Hosts" ADD "Source" TEXT NOT NULL DEFAULT 'Local';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207105804_HostSource', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "PlannedDevices" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PlannedDevices" PRIMARY KEY AUTOINCREMENT,
    "HostName" TEXT NOT NULL,
    "ChangeSetId" TEXT NOT NULL,
    "Step" TEXT NOT NULL,
    "Address" TEXT NOT NULL,
    "VendorDevice" TEXT NOT NULL,
    "SubsystemId" TEXT NULL,
    "IommuGroup" INTEGER NULL,
    "IsPassed" INTEGER NOT NULL,
    "Name" TEXT NULL,
    "RecordedAt" INTEGER NOT NULL
);

CREATE INDEX "IX_PlannedDevices_ChangeSetId" ON "PlannedDevices" ("ChangeSetId");

CREATE INDEX "IX_PlannedDevices_HostName_Step" ON "PlannedDevices" ("HostName", "Step");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207111128_Drift', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "Rollouts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Rollouts" PRIMARY KEY,
    "Steps" TEXT NOT NULL,
    "Gpu" TEXT NULL,
    "BatchSize" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "StartedBy" TEXT NULL,
    "State" TEXT NOT NULL,
    "Message" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "StartedAt" INTEGER NULL,
    "FinishedAt" INTEGER NULL
);

CREATE TABLE "RolloutHosts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RolloutHosts" PRIMARY KEY AUTOINCREMENT,
    "RolloutId" TEXT NOT NULL,
    "Position" INTEGER NOT NULL,
    "HostName" TEXT NOT NULL,
    "Batch" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "PlanId" TEXT NULL,
    "PlanJson" TEXT NULL,
    "ChangeSetId" TEXT NULL,
    "Message" TEXT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_RolloutHosts_Rollouts_RolloutId" FOREIGN KEY ("RolloutId") REFERENCES "Rollouts" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_RolloutHosts_HostName" ON "RolloutHosts" ("HostName");

CREATE UNIQUE INDEX "IX_RolloutHosts_RolloutId_Position" ON "RolloutHosts" ("RolloutId", "Position");

CREATE INDEX "IX_Rollouts_CreatedAt" ON "Rollouts" ("CreatedAt");

CREATE INDEX "IX_Rollouts_State_CreatedAt" ON "Rollouts" ("State", "CreatedAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207142848_Rollouts', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Hosts" ADD "ReportedStepsJson" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207143324_RemoteSteps', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Rollouts" ADD "LeaseHolder" TEXT NULL;

ALTER TABLE "Rollouts" ADD "LeaseUntil" INTEGER NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207154351_RolloutLease', '10.0.15');

COMMIT;

