using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PassthroughWeb.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class HostSource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Hosts",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Local");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Source",
                table: "Hosts");
        }
    }
}
