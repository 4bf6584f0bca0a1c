using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PassthroughWeb.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrailIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HistoryEvents_HostName_At",
                table: "HistoryEvents");

            migrationBuilder.DropIndex(
                name: "IX_ChangeSets_HostName_CreatedAt",
                table: "ChangeSets");

            migrationBuilder.DropIndex(
                name: "IX_ChangeSets_State",
                table: "ChangeSets");

            migrationBuilder.CreateIndex(
                name: "IX_HistoryEvents_At_Id",
                table: "HistoryEvents",
                columns: new[] { "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_HistoryEvents_HostName_At_Id",
                table: "HistoryEvents",
                columns: new[] { "HostName", "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_HistoryEvents_Passed_At_Id",
                table: "HistoryEvents",
                columns: new[] { "Passed", "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_HistoryEvents_User_At_Id",
                table: "HistoryEvents",
                columns: new[] { "User", "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeSets_CreatedAt_Sequence",
                table: "ChangeSets",
                columns: new[] { "CreatedAt", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeSets_HostName_CreatedAt_Sequence",
                table: "ChangeSets",
                columns: new[] { "HostName", "CreatedAt", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeSets_State_CreatedAt_Sequence",
                table: "ChangeSets",
                columns: new[] { "State", "CreatedAt", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeSets_User_CreatedAt_Sequence",
                table: "ChangeSets",
                columns: new[] { "User", "CreatedAt", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HistoryEvents_At_Id",
                table: "HistoryEvents");

            migrationBuilder.DropIndex(
                name: "IX_HistoryEvents_HostName_At_Id",
                table: "HistoryEvents");

            migrationBuilder.DropIndex(
                name: "IX_HistoryEvents_Passed_At_Id",
                table: "HistoryEvents");

            migrationBuilder.DropIndex(
                name: "IX_HistoryEvents_User_At_Id",
                table: "HistoryEvents");

            migrationBuilder.DropIndex(
                name: "IX_ChangeSets_CreatedAt_Sequence",
                table: "ChangeSets");

            migrationBuilder.DropIndex(
                name: "IX_ChangeSets_HostName_CreatedAt_Sequence",
                table: "ChangeSets");

            migrationBuilder.DropIndex(
                name: "IX_ChangeSets_State_CreatedAt_Sequence",
                table: "ChangeSets");

            migrationBuilder.DropIndex(
                name: "IX_ChangeSets_User_CreatedAt_Sequence",
                table: "ChangeSets");

            migrationBuilder.CreateIndex(
                name: "IX_HistoryEvents_HostName_At",
                table: "HistoryEvents",
                columns: new[] { "HostName", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeSets_HostName_CreatedAt",
                table: "ChangeSets",
                columns: new[] { "HostName", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeSets_State",
                table: "ChangeSets",
                column: "State");
        }
    }
}
