// Package planmodifiers holds the provider's own attribute plan modifiers, for plan rules that the
// framework's stringplanmodifier and friends do not express.
package planmodifiers
