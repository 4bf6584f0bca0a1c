using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PassthroughWeb.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Drift : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PlannedDevices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HostName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ChangeSetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    VendorDevice = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    SubsystemId = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    IommuGroup = table.Column<int>(type: "INTEGER", nullable: true),
                    IsPassed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlannedDevices", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PlannedDevices_ChangeSetId",
                table: "PlannedDevices",
                column: "ChangeSetId");

            migrationBuilder.CreateIndex(
                name: "IX_PlannedDevices_HostName_Step",
                table: "PlannedDevices",
                columns: new[] { "HostName", "Step" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlannedDevices");
        }
    }
}
