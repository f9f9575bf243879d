package httpapi

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"
	"github.com/go-chi/chi/v5"
)

// APIPrefix is where the API lives under the base path.
const APIPrefix = "/api/v1"

// APIVersion is the version of the API contract printed in the spec; it changes
// with the API, not with each build of the binary.
const APIVersion = "1.0.0"

// Registrar adds one area's operations to the API.
type Registrar func(api huma.API)

// NewAPI returns the huma API on r, which is mounted at basePath + APIPrefix.
func NewAPI(r chi.Router, basePath string) huma.API {
	cfg := huma.DefaultConfig("CCPOR API", APIVersion)
	cfg.Info.Description = "California Courts Protective Order Registry: a statewide registry of " +
		"restraining and protective orders and a gateway to the DOJ's CARPOS. " +
		"Errors are RFC 9457 problem documents naming the wrong field."
	cfg.Servers = []*huma.Server{{URL: basePath + APIPrefix}}
	cfg.DocsPath = ""     // the documentation page loads scripts from elsewhere; CSP forbids it
	cfg.CreateHooks = nil // no $schema links in bodies
	cfg.SchemasPath = ""
	return humachi.New(r, cfg)
}

// apiFallbacks answers unknown routes and methods under the API prefix with problems.
func apiFallbacks(r chi.Router) {
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, http.StatusNotFound, "no API operation at "+r.Method+" "+r.URL.Path)
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, http.StatusMethodNotAllowed, r.Method+" is not allowed at "+r.URL.Path)
	})
}

// Spec returns the OpenAPI document of the registrars, as served at the root path.
func Spec(regs []Registrar) *huma.OpenAPI {
	r := chi.NewRouter()
	api := NewAPI(r, "")
	for _, reg := range regs {
		reg(api)
	}
	return api.OpenAPI()
}
