package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func userConfig(e *emulator.Emulator, email string) string {
	return providerBlock(e) + fmt.Sprintf(`
data "frameio_user" "u" {
  email = %q
}
`, email)
}

// The user is found by email, whatever its case, on the second page of the account's users (100 a
// page): a lookup that read only the first page would not find them.
func TestAccUserDataSource_byEmail(t *testing.T) {
	var users []emulator.AccountUser
	for i := range 120 {
		users = append(users, emulator.AccountUser{Email: fmt.Sprintf("crew%03d@example.com", i)})
	}
	users = append(users, emulator.AccountUser{Email: "Ana.Ortiz@Example.com", Name: "Ana Ortiz", Role: "reviewer"})
	e := newTestEmulator(t, emulator.Options{AccountUsers: users})
	all := e.AccountUsers(e.Options().AccountID)
	ana, crew := all[len(all)-1].ID, all[1].ID
	const addr = "data.frameio_user.u"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: userConfig(e, " ana.ortiz@example.COM "),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, idPath, knownvalue.StringExact(ana)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Ana Ortiz")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("account_role"), knownvalue.StringExact("reviewer")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact(" ana.ortiz@example.COM ")),
				},
			},
			{
				// A user without a name in Frame.io: name is null.
				Config: userConfig(e, "crew000@example.com"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, idPath, knownvalue.StringExact(crew)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("account_role"), knownvalue.StringExact("member")),
				},
			},
		},
	})
}

func TestAccUserDataSource_notFound(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{AccountUsers: []emulator.AccountUser{
		{Email: "gone@example.com", Deactivated: true},
		{Email: "new@example.com", Invited: true},
		{Email: "twin@example.com", Name: "One"}, {Email: "TWIN@example.com", Name: "Two"},
	}})
	account := e.Options().AccountID
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: userConfig(e, "nobody@example.com"),
				ExpectError: errorPattern(`Frame.io user not found.*There is no user with email "nobody@example.com" in ` +
					`account ` + account + `; invite them first`),
			},
			{
				Config:      userConfig(e, "gone@example.com"),
				ExpectError: errorPattern(`no user with email "gone@example.com".*Deactivated users are not found`),
			},
			{
				Config:      userConfig(e, "new@example.com"),
				ExpectError: errorPattern(`Frame.io user has not joined yet.*has not accepted the invitation yet`),
			},
			{
				Config:      userConfig(e, "twin@example.com"),
				ExpectError: errorPattern(`Ambiguous Frame.io user email.*Email "twin@example.com" matches 2 users`),
			},
			{
				Config:      userConfig(e, ""),
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute email string length must be at least 1`),
			},
		},
	})
}
