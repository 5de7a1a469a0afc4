// Starts GOV.UK Frontend's components; base.html names the library's URL in data-govuk-frontend.
const script = document.querySelector('script[data-govuk-frontend]')
import(script.dataset.govukFrontend).then(function (govuk) { govuk.initAll() })
