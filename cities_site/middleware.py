from django.conf import settings
from django.utils.translation import get_language_from_path


class RememberLanguageMiddleware:
    """Remember the language of the pages a visitor reads, so that `/` brings them back to it.

    LocaleMiddleware reads this cookie before the browser's Accept-Language, so a visitor who
    switched to English is sent to /en/ afterwards. The cookie is set only when it changes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = get_language_from_path(request.path_info)
        cookie_name = settings.LANGUAGE_COOKIE_NAME
        if (
            language
            and response.status_code == 200
            and request.COOKIES.get(cookie_name) != language
        ):
            response.set_cookie(
                cookie_name,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=True,
            )
        return response
