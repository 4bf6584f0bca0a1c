using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PassthroughWeb.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Rollouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Rollouts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Steps = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Gpu = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    BatchSize = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Message = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rollouts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RolloutHosts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RolloutId = table.Column<string>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    HostName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Batch = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PlanId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    PlanJson = table.Column<string>(type: "TEXT", nullable: true),
                    ChangeSetId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Message = table.Column<string>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RolloutHosts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RolloutHosts_Rollouts_RolloutId",
                        column: x => x.RolloutId,
                        principalTable: "Rollouts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RolloutHosts_HostName",
                table: "RolloutHosts",
                column: "HostName");

            migrationBuilder.CreateIndex(
                name: "IX_RolloutHosts_RolloutId_Position",
                table: "RolloutHosts",
                columns: new[] { "RolloutId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Rollouts_CreatedAt",
                table: "Rollouts",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Rollouts_State_CreatedAt",
                table: "Rollouts",
                columns: new[] { "State", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RolloutHosts");

            migrationBuilder.DropTable(
                name: "Rollouts");
        }
    }
}
